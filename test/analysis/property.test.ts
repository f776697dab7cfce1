// Each baseline adds options to the one before (grid-only ⊂ battery-only ⊂
// intra-only ⊂ full), so on one day solved from the same starting battery
// level its optimum can only be lower or equal. Checked over random small
// communities, batteries, prices and profiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { runBaselines } from "../../src/index.js";
import { BASELINES } from "../../src/analysis/baselines.js";
import { FC_SEED, randomExample } from "../helpers/arbitraries.js";

const example = randomExample(1);

test("one day from the same starting level: full ≤ intra-only ≤ battery-only ≤ grid-only", async () => {
  await fc.assert(
    fc.asyncProperty(example, async ({ scenario: s, profiles }) => {
      const runs = await runBaselines(s, profiles);
      const totals = BASELINES.map((b) => {
        assert.ok(runs[b].audit.ok, `${b}: ${JSON.stringify(runs[b].audit)}`);
        return runs[b].days[0].objective;
      });
      // BASELINES is ordered grid-only, battery-only, intra-only, full: each total ≤ the one before
      for (let k = 1; k < totals.length; k++)
        assert.ok(
          totals[k] <= totals[k - 1] + 1e-6 * Math.max(1, Math.abs(totals[k - 1])),
          `${BASELINES[k]} ${totals[k]} > ${BASELINES[k - 1]} ${totals[k - 1]}`,
        );
    }),
    { numRuns: 150, seed: FC_SEED },
  );
});
