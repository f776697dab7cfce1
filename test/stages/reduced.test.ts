// reduced.ts: the reduced LP is the full LP with what stages 1–2 fixed taken out, on a hand LP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reduceLp, ReducedModel } from "../../src/stages/reduced.js";
import { loadBackend } from "../../src/solver/index.js";
import type { SparseLp } from "../../src/lp/lp.js";
import type { StageLayout } from "../../src/lp/day.js";

// Columns x0..x3, then the stage columns z (4), t[0] (5), u (6). Rows:
//   r0: x0 + x1 = 3        x1 is fixed at 1, so r0 has one column left: it fixes x0 = 2 (dropped)
//   r1: x0 + 2·x2 ≤ 8      with x0 = 2 it has one column left: x2 ≤ 3 moves into x2's bounds
//   r2: x2 + x3 ≥ 1        two columns that can go below 1: kept, as it is
//   r3: x3 ≤ 50            x3 ≤ 10 anyway: it cannot bind (dropped)
//   r4 (cost row): x0 + x3, r5 (saving row): x2 + z + t, r6 (fix row): x2 + u — stage rows, kept
const INF = Infinity;
const rows: [number, number, [number, number][]][] = [
  [
    3,
    3,
    [
      [0, 1],
      [1, 1],
    ],
  ],
  [
    -INF,
    8,
    [
      [0, 1],
      [2, 2],
    ],
  ],
  [
    1,
    INF,
    [
      [2, 1],
      [3, 1],
    ],
  ],
  [-INF, 50, [[3, 1]]],
  [
    -INF,
    INF,
    [
      [0, 1],
      [3, 1],
    ],
  ],
  [
    -INF,
    INF,
    [
      [2, 1],
      [4, 1],
      [5, 1],
    ],
  ],
  [
    -INF,
    INF,
    [
      [2, 1],
      [6, 1],
    ],
  ],
];
const lp: SparseLp = {
  nCols: 7,
  colLb: Float64Array.of(0, 1, 0, 0, 0, 0, 0),
  colUb: Float64Array.of(10, 1, 10, 10, 0, 0, 0),
  obj: new Float64Array(7),
  nRows: rows.length,
  rowLb: Float64Array.from(rows, (r) => r[0]),
  rowUb: Float64Array.from(rows, (r) => r[1]),
  start: Int32Array.from([0, ...rows.map((_, i) => rows.slice(0, i + 1).reduce((n, r) => n + r[2].length, 0))]),
  col: Int32Array.from(rows.flatMap((r) => r[2].map((e) => e[0]))),
  coef: Float64Array.from(rows.flatMap((r) => r[2].map((e) => e[1]))),
};
const stage: StageLayout = { zCol: 4, tCol: 5, uCol: 6, costRow: 4, savingRow: 5, fixRow: 6 };

test("reduced LP: a row with one column left becomes that column's bound, and fixes it where it pins it", () => {
  const red = reduceLp(lp, stage);
  assert.deepEqual([...red.cols], [2, 3, 4, 5, 6]); // x0 (fixed by r0) and x1 (fixed) dropped
  assert.deepEqual([...red.rows], [2, 4, 5, 6]); // r0, r1 moved into bounds, r3 cannot bind
  assert.equal(red.value[0], 2);
  assert.deepEqual([red.lp.colLb[0], red.lp.colUb[0]], [0, 3]); // x2 ≤ (8 − 2)/2 from r1
  assert.equal(red.impliedUb[0], 3);
  assert.equal(red.impliedUb[1], Infinity); // x3: no row bounds it
  // the cost row x0 + x3 loses x0 = 2 to its offset
  assert.equal(red.offset[4], 2);
});

test("reduced LP: its optimum mapped back is the full LP's, and a bound change keeps what the dropped rows imply", async () => {
  // max x2 + x3 (x2 ≤ 3 by r1, x3 ≤ 10): 13 at x0 = 2, x2 = 3, x3 = 10, on both LPs
  for (const solver of ["highs", "glpk"] as const) {
    const backend = await loadBackend(solver);
    const red = reduceLp(lp, stage);
    const m = new ReducedModel(lp, red, backend.open(red.lp));
    try {
      m.setColBound(2, 0, 10); // x2's own bounds again: r1 (dropped) still holds it ≤ 3, not 10
      const obj = new Float64Array(7);
      obj[2] = obj[3] = -1;
      m.setObjective(obj);
      const r = m.solve();
      assert.ok(r.optimal, solver);
      assert.deepEqual([r.x[0], r.x[1], r.x[2], r.x[3]], [2, 1, 3, 10], solver);
      assert.equal(r.objective, -13, solver);
    } finally {
      m.dispose();
    }
  }
});

test("reduced LP: reduced costs come back by full column (0 for a dropped one), read twice alike", async () => {
  // min x3 over the reduced LP of the hand LP: x3 at its lower bound 0 prices it at 1, x0 dropped
  const backend = await loadBackend("highs");
  const red = reduceLp(lp, stage);
  const m = new ReducedModel(lp, red, backend.open(red.lp));
  try {
    const obj = new Float64Array(7);
    obj[3] = 1;
    m.setObjective(obj);
    const r = m.solve();
    assert.ok(r.optimal);
    assert.equal(r.colDual!.length, 7);
    assert.equal(r.colDual![0], 0);
    assert.ok(Math.abs(r.colDual![3] - 1) < 1e-9, `${r.colDual![3]}`);
    assert.equal(r.colDual, r.colDual);
  } finally {
    m.dispose();
  }
});
