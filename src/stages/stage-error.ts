/**
 * A stage that did not finish: its LP was not solved to optimality, or (the
 * fair stage) its rounds ran past their limit. The outcome is data
 * ({@link LpStatus}); the day engine widens the slacks and tries again.
 */
import type { LpStatus } from "../solver/types.js";

/** The tie-break stages (docs/model.md "One answer per day"). */
export type StageName = "cost" | "carry" | "fair";

export class StageError extends Error {
  override readonly name = "StageError";
  /**
   * @param status - the outcome in the solver's words (for messages)
   */
  constructor(
    readonly stage: StageName,
    readonly lpStatus: LpStatus,
    readonly status: string,
  ) {
    super(`${stage} stage: the LP is ${status}`);
  }
}
