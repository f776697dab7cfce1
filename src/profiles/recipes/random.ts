/**
 * Seeded random streams shared by the recipes. Every stream is its own
 * seedrandom (ARC4) generator, named by the scenario's seed and a path such as
 * `demo/demand/day 3`, so a day's numbers depend on the seed and that day
 * alone: the first N days are the same whatever the horizon.
 */
import seedrandom from "seedrandom";

/** A uniform [0, 1) generator and a standard normal drawn from it. */
export interface Stream {
  uniform: () => number;
  /** N(0, 1), Box–Muller, one normal per call (two uniforms). */
  normal: () => number;
}

/**
 * The stream named `path` under `seed`. The same (seed, path) gives the same
 * numbers on every machine.
 * @example stream(42, "demo/demand/day 1").uniform() // the day's demand factor draw
 */
export function stream(seed: number | string, path: string): Stream {
  const rng = seedrandom(`${seed}/${path}`);
  return {
    uniform: rng,
    normal: () => {
      const u1 = 1 - rng(); // (0, 1]
      const u2 = rng();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}
