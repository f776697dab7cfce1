// Outcomes as data (src/solver/types.ts LpStatus): every backend reports "optimal", "infeasible" and
// "unbounded" as such, beside its own words; a batch of bounds (setColBoundsAt/setRowBoundsAt) acts
// as the same changes one at a time, in any order of indices.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SparseLp } from "../../src/lp/lp.js";
import { loadBackend } from "../../src/solver/index.js";

/** min c·x over x0 + x1 ≥ 1 (row 0), x0 − x1 ≤ 2 (row 1), 0 ≤ x ≤ 3 unless the test changes them. */
const lp = (obj: number[]): SparseLp => ({
  nCols: 2,
  nRows: 2,
  colLb: Float64Array.of(0, 0),
  colUb: Float64Array.of(3, 3),
  obj: Float64Array.from(obj),
  rowLb: Float64Array.of(1, -Infinity),
  rowUb: Float64Array.of(Infinity, 2),
  start: Int32Array.of(0, 2, 4),
  col: Int32Array.of(0, 1, 0, 1),
  coef: Float64Array.of(1, 1, 1, -1),
});

for (const name of ["highs", "glpk"] as const)
  test(`${name}: optimal, infeasible and unbounded LPs report LpStatus`, async () => {
    const backend = await loadBackend(name);
    // min x0 + 2 x1: x = (1, 0), cost 1
    const m = backend.open(lp([1, 2]), { presolve: false });
    const r = m.solve();
    assert.equal(r.lpStatus, "optimal");
    assert.ok(Math.abs(r.objective - 1) <= 1e-9);
    // x0 + x1 ≥ 7 with x ≤ 3 each: infeasible
    m.setRowBoundsAt(Int32Array.of(0), Float64Array.of(7), Float64Array.of(Infinity));
    const inf = m.solve();
    assert.equal(inf.lpStatus, "infeasible", inf.status);
    assert.equal(inf.optimal, false);
    m.dispose();
    // min −x0 − x1 with the columns' upper bounds gone and x0 − x1 ≤ 2: x1 (and x0 with it) grows without end
    const u = backend.open({ ...lp([-1, -1]), colUb: Float64Array.of(Infinity, Infinity) }, { presolve: false });
    const unb = u.solve();
    assert.equal(unb.lpStatus, "unbounded", unb.status);
    u.dispose();
  });

for (const name of ["highs", "glpk"] as const)
  test(`${name}: a batch of column bounds in any index order is the same as one at a time`, async () => {
    const backend = await loadBackend(name);
    // min x0 + 2 x1 with x1 fixed at 2 and x0 at 0.5: cost 4.5 (row 0 holds: 2.5 ≥ 1)
    const m = backend.open(lp([1, 2]), { presolve: false });
    m.setColBoundsAt(Int32Array.of(1, 0), Float64Array.of(2, 0.5), Float64Array.of(2, 0.5));
    const r = m.solve();
    assert.equal(r.lpStatus, "optimal");
    assert.ok(Math.abs(r.objective - 4.5) <= 1e-9, `${r.objective}`);
    assert.deepEqual([...m.current().colLb], [0.5, 2]);
    m.dispose();
  });
