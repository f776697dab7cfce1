// The pooled formulation's aggregate caps (rule 6 summed over pairs), computed from sorted values
// and prefix sums, against the sum written out pair by pair.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MinSums, PoolHourCaps } from "../../src/lp/pool-caps.js";
import { FC_SEED } from "../helpers/arbitraries.js";
import { buildNetwork, dayProfiles, generatedExample } from "../../src/index.js";
import { poolCaps } from "../../src/lp/pooled.js";

test("MinSums: Σ min(v, a) worked by hand", () => {
  const m = new MinSums([1, 2, 5]);
  assert.equal(m.sumMin(0), 0);
  assert.equal(m.sumMin(3), 6); // 1 + 2 + 3
  assert.equal(m.sumMin(5), 8); // 1 + 2 + 5
  assert.equal(m.sumMin(Infinity), 8);
  // a consumer's cap is Infinity: it counts as a in full
  assert.equal(new MinSums([Infinity, 1]).sumMin(2), 3);
});

test("PoolHourCaps: the same caps as summing pair by pair, in a group's pool and between groups", () => {
  const house = fc.record({
    group: fc.integer({ min: 0, max: 3 }),
    pv: fc.integer({ min: 0, max: 8 }).map((v) => v / 4),
    cap: fc.option(
      fc.integer({ min: 0, max: 8 }).map((v) => v / 4),
      { nil: null },
    ),
    sells: fc.boolean(),
    buys: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(house, { minLength: 1, maxLength: 12 }), fc.boolean(), (hs, inter) => {
      const sellers = new Map<number, number>(),
        buyers = new Map<number, number>();
      hs.forEach((h, i) => {
        if (h.sells) sellers.set(i, h.pv);
        if (h.buys) buyers.set(i, h.cap ?? Infinity); // null: a consumer, no cap of its own
      });
      const caps = new PoolHourCaps(sellers, buyers, inter ? (i) => hs[i].group : null);
      const may = (s: number, r: number) => s !== r && (!inter || hs[s].group !== hs[r].group);
      hs.forEach((_, i) => {
        let sell = 0,
          buy = 0;
        if (sellers.has(i)) for (const [r, c] of buyers) if (may(i, r)) sell += Math.min(sellers.get(i)!, c);
        if (buyers.has(i)) for (const [s, pv] of sellers) if (may(s, i)) buy += Math.min(pv, buyers.get(i)!);
        assert.ok(Math.abs(caps.sellerCap(i) - sell) <= 1e-12, `seller ${i}: ${caps.sellerCap(i)} vs ${sell}`);
        assert.ok(Math.abs(caps.buyerCap(i) - buy) <= 1e-12, `buyer ${i}: ${caps.buyerCap(i)} vs ${buy}`);
      });
    }),
    { numRuns: 300, seed: FC_SEED },
  );
});

test("poolCaps (arrays, every hour) gives PoolHourCaps' caps bit for bit on generated days, every pool", () => {
  for (const ex of [generatedExample(4, 3, 2, 3, 5), generatedExample(3, 4, 1, 3, 9)]) {
    const network = buildNetwork(ex.scenario);
    const houses = network.houses;
    for (let d = 0; d < 3; d++) {
      const day = dayProfiles(ex.profiles, d);
      const T = day.hours;
      const surplus = (h: number, t: number) =>
        houses[h].kind === "prosumer" && day.solar[h * T + t] - day.demand[h * T + t] > 0;
      for (const group of [null, ...network.groups.map((g) => g.index)])
        for (const cls of ["S", "N"] as const) {
          const caps = poolCaps(network, day, group, cls);
          const inPool = (h: number) => group === null || houses[h].group === group;
          const sellerIds = network.prosumers.filter(inPool);
          const buyerIds = houses.filter((h) => inPool(h.index)).map((h) => h.index);
          for (let t = 0; t < T; t++) {
            // the reference: the maps PoolHourCaps takes (rule 7 decides who may trade in class S/N)
            const sellers = new Map<number, number>(),
              buyers = new Map<number, number>();
            for (const s of sellerIds) if ((cls === "S") === surplus(s, t)) sellers.set(s, day.solar[s * T + t]);
            for (const r of buyerIds)
              if (cls === "N" || !surplus(r, t))
                buyers.set(r, houses[r].kind === "prosumer" ? day.demand[r * T + t] : Infinity);
            const ref = new PoolHourCaps(sellers, buyers, group === null ? (h) => houses[h].group : null);
            sellerIds.forEach((s, j) => assert.ok(Object.is(caps.sell[j * T + t], ref.sellerCap(s)), `seller ${s}`));
            buyerIds.forEach((r, j) => assert.ok(Object.is(caps.buy[j * T + t], ref.buyerCap(r)), `buyer ${r}`));
          }
        }
    }
  }
});
