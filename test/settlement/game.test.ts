// The Shapley value's axioms on random games, and sampled Shapley against the exact value.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { handExample, settle, shapleyExact, shapleySampled, simulate, type Worth } from "../../src/index.js";
import { FC_SEED } from "../helpers/arbitraries.js";

/** A game from a table of worths per coalition mask (bit i = player i), v(∅) = 0. */
const tableGame =
  (table: readonly number[]): Worth =>
  async (players) =>
    table[players.reduce((m, i) => m | (1 << i), 0)];
const game = (n: number) =>
  fc
    .array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 << n, maxLength: 1 << n })
    .map((t) => [0, ...t.slice(1)]);
const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("hand-worked: two players, v({1}) = 4, v({2}) = 2, v(N) = 10 → φ = (4 + 8)/2, (2 + 6)/2 = 6, 4", async () => {
  const phi = await shapleyExact(2, tableGame([0, 4, 2, 10]));
  assert.deepEqual(phi.values, [6, 4]);
});

test("efficiency: Σ φ = v(N)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 5 }).chain((n) => game(n).map((t) => ({ n, t }))),
      async ({ n, t }) => {
        const phi = await shapleyExact(n, tableGame(t));
        near(
          phi.values.reduce((a, b) => a + b, 0),
          t[(1 << n) - 1],
          "Σ φ",
        );
      },
    ),
    { numRuns: 100, seed: FC_SEED },
  );
});

test("symmetry: two players that add the same to every coalition get the same value", async () => {
  // players 0 and 1 are made interchangeable: v(S ∪ {0}) = v(S ∪ {1}) for S without both
  await fc.assert(
    fc.asyncProperty(game(4), async (t) => {
      const sym = t.map((_, m) => t[m & 1 && !(m & 2) ? (m ^ 1) | 2 : m]);
      const phi = await shapleyExact(4, tableGame(sym));
      near(phi.values[0], phi.values[1], "φ0 = φ1");
    }),
    { numRuns: 100, seed: FC_SEED },
  );
});

test("null player: a player that changes no coalition's worth gets 0", async () => {
  await fc.assert(
    fc.asyncProperty(game(4), async (t) => {
      const nullLast = t.map((_, m) => t[m & ~(1 << 3)]); // v(S ∪ {3}) = v(S)
      const phi = await shapleyExact(4, tableGame(nullLast));
      near(phi.values[3], 0, "φ3");
    }),
    { numRuns: 100, seed: FC_SEED },
  );
});

test("additivity: φ(v + w) = φ(v) + φ(w)", async () => {
  await fc.assert(
    fc.asyncProperty(game(4), game(4), async (v, w) => {
      const [a, b, c] = await Promise.all([v, w, v.map((x, m) => x + w[m])].map((t) => shapleyExact(4, tableGame(t))));
      c.values.forEach((x, i) => near(x, a.values[i] + b.values[i], `φ${i}`));
    }),
    { numRuns: 100, seed: FC_SEED },
  );
});

// Two horizons: with no battery every day is solved alone, so F(C) over days 1–2 is F(C) on day 1 + F(C) on day 2,
// and the groups' values over the two days are the sums of each day's.
test("additivity over two horizons: group values of days 1–2 = those of day 1 + those of day 2 (no battery)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.integer({ min: 0, max: 3000 }).map((x) => x / 1000),
        { minLength: 8, maxLength: 8 },
      ),
      async (k) => {
        const houses = {
          g1h1: { demand: [k[0], k[1]], solar: [k[2], k[3]] },
          g2h1: { demand: [k[4], k[5]], solar: [k[6], k[7]] },
          g2h2: { demand: [k[1], k[4]] },
        };
        const ex = handExample(
          [
            { prosumers: 1, consumers: 0 },
            { prosumers: 1, consumers: 1 },
          ],
          houses,
          { hoursPerDay: 1, days: 2 },
        );
        const phi = async (days: number, first: number) => {
          const p = {
            ...ex.profiles,
            days,
            demand: ex.profiles.demand.slice(first * 3, (first + days) * 3),
            solar: ex.profiles.solar.slice(first * 3, (first + days) * 3),
          };
          return (await settle(await simulate({ ...ex.scenario, days }, p), { rule: "shapley-groups" })).game!.values;
        };
        const [both, d1, d2] = [await phi(2, 0), await phi(1, 0), await phi(1, 1)];
        both.forEach((x, i) =>
          assert.ok(Math.abs(x - d1[i] - d2[i]) < 1e-4, `group ${i}: ${x} vs ${d1[i]} + ${d2[i]}`),
        );
      },
    ),
    { numRuns: 25, seed: FC_SEED },
  );
});

// A 6-player game with complementarities: v(C) = (Σ_{i∈C} w_i)² with w = 1..6. Its exact Shapley value is
// φ_i = w_i · Σ w = 21 w_i (each pair's cross term 2 w_i w_j is shared equally, and w_i² is i's alone):
// φ = 21, 42, 63, 84, 105, 126 (Σ = 441 = 21²).
test("sampled Shapley converges to the exact value of a 6-player game within its reported error", async () => {
  const w = [1, 2, 3, 4, 5, 6];
  const worth: Worth = async (c) => c.reduce((s, i) => s + w[i], 0) ** 2;
  const exact = await shapleyExact(6, worth);
  exact.values.forEach((x, i) => near(x, 21 * w[i], `exact φ${i}`));
  const sampled = await shapleySampled(6, worth, { samples: 3000, seed: 7 });
  assert.equal(sampled.samples, 3000);
  sampled.values.forEach((x, i) =>
    assert.ok(Math.abs(x - 21 * w[i]) <= 3 * sampled.se[i], `φ${i}: ${x} ± ${sampled.se[i]} vs ${21 * w[i]}`),
  );
  near(
    sampled.values.reduce((a, b) => a + b, 0),
    441,
    "Σ φ = v(N) for any draw",
  );
  // more orders, smaller errors; the same seed, the same estimate
  const few = await shapleySampled(6, worth, { samples: 100, seed: 7 });
  assert.ok(Math.max(...sampled.se) < Math.max(...few.se) / 3);
  assert.deepEqual((await shapleySampled(6, worth, { samples: 100, seed: 7 })).values, few.values);
  // a target error stops early; a budget that cannot reach it reports the error it reached
  const stopped = await shapleySampled(6, worth, { samples: 3000, targetSe: 2, seed: 7 });
  assert.ok(
    stopped.samples < 3000 && Math.max(...stopped.se) <= 2,
    `${stopped.samples} orders, se ${Math.max(...stopped.se)}`,
  );
  const short = await shapleySampled(6, worth, { samples: 20, targetSe: 0.01, seed: 7 });
  assert.ok(short.samples === 20 && Math.max(...short.se) > 0.01);
});
