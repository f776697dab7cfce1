/**
 * The four variants a community is compared under (issue 4), each solved by
 * the same engine on the same data and battery rules, with options switched
 * off. Switching an option off removes its variables from the LP (see
 * features.ts); every run is audited day by day like the full one.
 */
import type { Features } from "../community/features.js";
import type { Scenario } from "../community/scenario.js";
import type { Profiles } from "../profiles/profiles.js";
import { simulate, type SimulateOptions, type SimulationResult } from "../simulation/simulate.js";

/** The registry of variants, from fewest options to all of them: each one's description and features. */
export const BASELINE_VARIANTS = {
  "grid-only": {
    help: "no battery use, no P2P trades",
    features: { battery: false, intraTrades: false, interTrades: false },
  },
  "battery-only": {
    help: "the group batteries, no P2P trades",
    features: { battery: true, intraTrades: false, interTrades: false },
  },
  "intra-only": {
    help: "batteries and trades inside groups, none between groups",
    features: { battery: true, intraTrades: true, interTrades: false },
  },
  full: { help: "docs/model.md as is", features: { battery: true, intraTrades: true, interTrades: true } },
} as const satisfies Record<string, { help: string; features: Features }>;

/** A variant's name: a key of {@link BASELINE_VARIANTS}. */
export type BaselineName = keyof typeof BASELINE_VARIANTS;

/** The variants' names, in registry order (fewest options first). */
export const BASELINES = Object.freeze(Object.keys(BASELINE_VARIANTS) as BaselineName[]);

/** What each variant may use (from {@link BASELINE_VARIANTS}). */
export const BASELINE_FEATURES: Readonly<Record<BaselineName, Readonly<Features>>> = Object.freeze(
  Object.fromEntries(BASELINES.map((b) => [b, Object.freeze({ ...BASELINE_VARIANTS[b].features })])) as Record<
    BaselineName,
    Readonly<Features>
  >,
);

/** One solved, audited run per variant. */
export type BaselineRuns = Record<BaselineName, SimulationResult>;

/** Progress of {@link runBaselines}: the variant being solved and its day. */
export interface BaselineProgress {
  variant: BaselineName;
  /** 1-based position of the variant among those being run */
  variantIndex: number;
  variants: number;
  day: number;
  of: number;
}

export interface BaselineOptions extends Omit<SimulateOptions, "features" | "onProgress"> {
  /** called after each solved day of each variant */
  onProgress?: (p: BaselineProgress) => void;
  /**
   * Runs already solved on the same scenario, profiles and options (e.g. the
   * `full` run the CLI has just made): used as they are instead of solving
   * again. Each must have been solved with its variant's features.
   */
  reuse?: Partial<BaselineRuns>;
}

/**
 * Solves the scenario under every variant, in the order of {@link BASELINES}.
 * Each result carries its own audit (`result.audit.ok`); see
 * {@link allAudited}.
 * @throws SolveError if a day of any variant is not solved to optimality
 * @example
 *   const runs = await runBaselines(ex.scenario, ex.profiles, { days: 7 });
 *   costTotals(runs["grid-only"]).overall - costTotals(runs.full).overall // currency units the community saves in a week
 */
export async function runBaselines(
  scenario: Scenario,
  profiles: Profiles,
  options: BaselineOptions = {},
): Promise<BaselineRuns> {
  const { onProgress, reuse, ...simOptions } = options;
  const runs: Partial<BaselineRuns> = {};
  for (const [k, name] of BASELINES.entries()) {
    const features = BASELINE_FEATURES[name];
    const given = reuse?.[name];
    if (given) {
      if (!sameFeatures(given.features, features))
        throw new Error(
          `runBaselines: the reused "${name}" run was solved with other features (${JSON.stringify(given.features)})`,
        );
      runs[name] = given;
      continue;
    }
    runs[name] = await simulate(scenario, profiles, {
      ...simOptions,
      features: { ...features },
      onProgress: onProgress
        ? (p) => onProgress({ variant: name, variantIndex: k + 1, variants: BASELINES.length, day: p.day, of: p.of })
        : undefined,
    });
  }
  return runs as BaselineRuns;
}

/**
 * True if every variant passed its audit on every day (kWh balances within
 * `AUDIT_KWH_TOLERANCE`, costs within `AUDIT_COST_TOLERANCE`).
 * @example
 *   const runs = await runBaselines(ex.scenario, ex.profiles, { days: 7 });
 *   if (!allAudited(runs)) throw new Error("a run failed its audit");
 */
export function allAudited(runs: BaselineRuns): boolean {
  return BASELINES.every((b) => runs[b].audit.ok);
}

function sameFeatures(a: Features, b: Features): boolean {
  return a.battery === b.battery && a.intraTrades === b.intraTrades && a.interTrades === b.interTrades;
}
