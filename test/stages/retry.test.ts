// The stages' one retry (src/stages/retry.ts), shared by the day engine and the bill ranges:
// factors first × 1, × 10, × 100; a failed cost stage is final; the last failure becomes the day's SolveError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SolveError } from "../../src/index.js";
import { StageError } from "../../src/stages/stages.js";
import { withSlackRetry } from "../../src/stages/retry.js";

test("a late stage that fails twice is solved on the third try, from a reset model, with the slacks × 100", () => {
  const tried: number[] = [];
  let resets = 0;
  const out = withSlackRetry({ day: 4, reset: () => resets++ }, (factor) => {
    tried.push(factor);
    if (factor < 100) throw new StageError("carry", "infeasible", "infeasible");
    return "solved";
  });
  assert.equal(out, "solved");
  assert.deepEqual(tried, [1, 10, 100]);
  assert.equal(resets, 2, "once before each retry");
});

test("the first factor scales every try; every try failing gives the day's SolveError with the last stage", () => {
  const tried: number[] = [];
  assert.throws(
    () =>
      withSlackRetry({ day: 3, first: 10 }, (factor) => {
        tried.push(factor);
        throw new StageError(factor < 1000 ? "carry" : "fair", "infeasible", "infeasible");
      }),
    (e: Error) => e instanceof SolveError && e.message === "day 3: the LP is infeasible (fair stage)",
  );
  assert.deepEqual(tried, [10, 100, 1000]);
});

test("a failed cost stage is final (no slack to widen); other errors pass through untouched; the detail is the caller's", () => {
  let tries = 0;
  assert.throws(
    () =>
      withSlackRetry({ day: 1, detail: (e) => `bill range: ${e.stage}` }, () => {
        tries++;
        throw new StageError("cost", "unbounded", "unbounded");
      }),
    /^SolveError: day 1: the LP is unbounded \(bill range: cost\)$/,
  );
  assert.equal(tries, 1);
  const bug = new TypeError("a bug");
  assert.throws(
    () =>
      withSlackRetry({ day: 1 }, () => {
        throw bug;
      }),
    (e) => e === bug,
  );
});
