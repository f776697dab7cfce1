// Random communities for property tests: networks, batteries, prices and profiles.
import fc from "fast-check";
import { buildNetwork, profileIndex, type Battery, type Profiles, type Scenario } from "../../src/index.js";

/**
 * The seed of every fast-check run, so that `npm test` checks the same random
 * cases on every run and machine. Set the environment variable `FC_SEED` to an
 * integer to explore other cases; a failure prints the seed and path that
 * reproduce it (`fc.assert(…, { seed, path })`).
 */
export const FC_SEED: number = seedFromEnv(process.env.FC_SEED);

function seedFromEnv(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 20250901;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${text}"`);
  return seed;
}

// Figures in steps of 0.001 (kWh, currency): realistic magnitudes, with exact zeros and ties common.
const num = (max: number, min = 0) =>
  fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((v) => v / 1000);
const kwh = fc.oneof(fc.constant(0), num(2));
const battery: fc.Arbitrary<Battery | null> = fc.option(
  fc
    .record({
      lower: num(2),
      span: num(5),
      at: num(1),
      maxCharge: num(2),
      maxDischarge: num(2),
      chargeEfficiency: num(1, 0.5),
      dischargeFactor: num(1.5, 1),
    })
    .map(({ lower, span, at, ...b }) => ({ lower, upper: lower + span, initial: lower + at * span, ...b })),
  { nil: null },
);
const price = num(30);
const scenario = (maxDays: number, maxGroups = 3): fc.Arbitrary<Scenario> =>
  fc.record({
    hoursPerDay: fc.integer({ min: 1, max: 6 }),
    days: fc.integer({ min: 1, max: maxDays }),
    seed: fc.constant(1),
    prices: fc.record({
      gridPurchase: price,
      gridSale: price,
      peerPurchaseIntra: price,
      peerPurchaseInter: price,
      peerSaleIntra: price,
      peerSaleInter: price,
      batteryUse: num(5),
    }),
    groups: fc.array(
      fc
        .record({ prosumers: fc.integer({ min: 0, max: 3 }), consumers: fc.integer({ min: 0, max: 2 }), battery })
        .filter((g) => g.prosumers + g.consumers > 0),
      { minLength: 1, maxLength: maxGroups },
    ),
  });
/**
 * A random scenario of 1..`maxDays` days and 1..`maxGroups` groups (of up to 3 prosumers and
 * 2 consumers each) with matching profiles (consumers without PV).
 */
export const randomExample = (maxDays: number, maxGroups = 3) =>
  scenario(maxDays, maxGroups).chain((s) => {
    const network = buildNetwork(s);
    const n = s.days * s.hoursPerDay * network.houses.length;
    return fc
      .record({
        demand: fc.array(kwh, { minLength: n, maxLength: n }),
        solar: fc.array(kwh, { minLength: n, maxLength: n }),
      })
      .map(({ demand, solar }) => {
        const profiles: Profiles = {
          days: s.days,
          hours: s.hoursPerDay,
          houses: network.houses.map((h) => h.id),
          demand: Float64Array.from(demand),
          solar: Float64Array.from(solar),
        };
        for (const h of network.houses)
          if (h.kind === "consumer")
            for (let d = 0; d < s.days; d++)
              for (let t = 0; t < s.hoursPerDay; t++) profiles.solar[profileIndex(profiles, d, h.index, t)] = 0;
        return { scenario: s, profiles };
      });
  });
