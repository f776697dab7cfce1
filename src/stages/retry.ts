/**
 * The stages' one retry (docs/model.md "One answer per day"): a day whose
 * stage LP comes back non-optimal is solved again with the slacks widened
 * ×10, then ×100. Stage 1 has no slack, so a failed cost LP is final. Used
 * by the day engine and by the bill ranges, so both widen the same way.
 */
import { SolveError } from "../errors/errors.js";
import { StageError } from "./stages.js";

/** The slacks' factors tried in turn, times the first factor. */
export const SLACK_STEPS = [1, 10, 100] as const;

/** How {@link withSlackRetry} retries and reports. */
export interface SlackRetryOptions {
  /** 1-based day, for the error */
  day: number;
  /** the factor of the first try (default 1) */
  first?: number;
  /** called before each retry: put the model back to the day's plain LP */
  reset?: () => void;
  /** the error's detail for the last stage error (default "`stage` stage") */
  detail?: (e: StageError) => string;
}

/**
 * `attempt(factor)` with factor = first × 1, × 10, × 100 until one returns.
 * @throws SolveError (the day, the last status and detail) when every try failed, or at once when stage 1 failed
 * @example withSlackRetry({ day: 1 }, (factor) => solveStages(m, day, { ...o, slackFactor: factor }))
 */
export function withSlackRetry<T>(o: SlackRetryOptions, attempt: (factor: number) => T): T {
  let last: StageError | null = null;
  for (const step of SLACK_STEPS) {
    if (last) o.reset?.();
    try {
      return attempt((o.first ?? 1) * step);
    } catch (e) {
      if (!(e instanceof StageError)) throw e;
      last = e;
      if (e.stage === "cost") break; // no slack to widen
    }
  }
  throw new SolveError(o.day, last!.status, o.detail ? o.detail(last!) : `${last!.stage} stage`);
}
