/**
 * A solver backend that hands the inner backend the LP with its columns in
 * another order (and maps everything back): for testing that nothing the
 * model fixes depends on the order of the columns.
 */
import type { SolveResult, SparseLp } from "../../src/index.js";
import { type LpModel, type SolverBackend } from "../../src/solver/index.js";

/** A deterministic permutation of 0..n-1 from a seed (a small LCG shuffle). */
export function permutation(n: number, seed: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

export function permutedBackend(inner: SolverBackend, seed: number): SolverBackend {
  return {
    name: inner.name,
    label: `${inner.label}, columns permuted`,
    version: inner.version,
    open(lp: SparseLp, options) {
      const n = lp.nCols;
      const perm = permutation(n, seed); // new column perm[c] holds old column c
      const to = (a: Float64Array) => {
        const out = new Float64Array(n);
        for (let c = 0; c < n; c++) out[perm[c]] = a[c];
        return out;
      };
      const back = (a: Float64Array) => {
        const out = new Float64Array(n);
        for (let c = 0; c < n; c++) out[c] = a[perm[c]];
        return out;
      };
      const permuted: SparseLp = {
        ...lp,
        colLb: to(lp.colLb),
        colUb: to(lp.colUb),
        obj: to(lp.obj),
        col: Int32Array.from(lp.col, (c) => perm[c]),
      };
      const m = inner.open(permuted, options);
      const result = (r: SolveResult): SolveResult => ({ ...r, x: back(r.x), colDual: r.colDual && back(r.colDual) });
      const model: LpModel = {
        nCols: n,
        nRows: lp.nRows,
        setColBounds: (lb, ub) => m.setColBounds(to(lb), to(ub)),
        setColBound: (c, lb, ub) => m.setColBound(perm[c], lb, ub),
        setColBoundsAt: (cols, lb, ub) =>
          m.setColBoundsAt(
            cols.map((c) => perm[c]),
            lb,
            ub,
          ),
        setRowBounds: (lb, ub) => m.setRowBounds(lb, ub),
        setRowBoundsAt: (rows, lb, ub) => m.setRowBoundsAt(rows, lb, ub),
        setRowBound: (r, lb, ub) => m.setRowBound(r, lb, ub),
        setObjective: (obj) => m.setObjective(to(obj)),
        setCoefficient: (r, c, v) => m.setCoefficient(r, perm[c], v),
        solve: (hint) => result(m.solve(hint)),
        basis: () => m.basis(), // the inner model's own order, handed back to it unchanged
        setBasis: (b) => m.setBasis(b),
        current: () => {
          const cur = m.current();
          return {
            ...cur,
            colLb: back(cur.colLb),
            colUb: back(cur.colUb),
            obj: back(cur.obj),
            col: Int32Array.from(cur.col, (c) => permInverse(perm)[c]),
          };
        },
        dispose: () => m.dispose(),
      };
      return model;
    },
  };
}

const inverses = new WeakMap<Int32Array, Int32Array>();
function permInverse(p: Int32Array): Int32Array {
  let inv = inverses.get(p);
  if (!inv) {
    inv = new Int32Array(p.length);
    p.forEach((v, i) => (inv![v] = i));
    inverses.set(p, inv);
  }
  return inv;
}
