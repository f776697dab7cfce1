/**
 * Maximum flow (Dinic's algorithm) on a small directed graph with real
 * capacities, for splitting a pool's hour into pair trades.
 */

/** Amounts below this count as 0. */
const EPS = 1e-12;

/**
 * The maximum flow from `source` to `sink`.
 * @param n - number of nodes (0 .. n-1)
 * @param edges - `[from, to, capacity]`; capacities in kWh (Infinity allowed)
 * @returns the flow's value and the flow on each edge (same order as `edges`)
 * @example maxFlow(3, [[0, 1, 2], [1, 2, 1]], 0, 2).value // => 1
 */
export function maxFlow(
  n: number,
  edges: readonly [number, number, number][],
  source: number,
  sink: number,
): { value: number; flow: Float64Array } {
  const m = edges.length;
  const to = new Int32Array(2 * m),
    capLeft = new Float64Array(2 * m),
    next = new Int32Array(2 * m),
    head = new Int32Array(n).fill(-1);
  edges.forEach(([a, b, c], e) => {
    to[2 * e] = b;
    capLeft[2 * e] = c;
    next[2 * e] = head[a];
    head[a] = 2 * e;
    to[2 * e + 1] = a;
    capLeft[2 * e + 1] = 0;
    next[2 * e + 1] = head[b];
    head[b] = 2 * e + 1;
  });
  const level = new Int32Array(n),
    iter = new Int32Array(n);
  const bfs = () => {
    level.fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q];
      for (let e = head[v]; e >= 0; e = next[e])
        if (capLeft[e] > EPS && level[to[e]] < 0) {
          level[to[e]] = level[v] + 1;
          queue.push(to[e]);
        }
    }
    return level[sink] >= 0;
  };
  const dfs = (v: number, pushed: number): number => {
    if (v === sink) return pushed;
    for (; iter[v] >= 0; iter[v] = next[iter[v]]) {
      const e = iter[v],
        w = to[e];
      if (capLeft[e] <= EPS || level[w] !== level[v] + 1) continue;
      const got = dfs(w, Math.min(pushed, capLeft[e]));
      if (got > EPS) {
        capLeft[e] -= got;
        capLeft[e ^ 1] += got;
        return got;
      }
    }
    return 0;
  };
  let value = 0;
  while (bfs()) {
    iter.set(head);
    for (let f = dfs(source, Infinity); f > EPS; f = dfs(source, Infinity)) value += f;
  }
  const flow = new Float64Array(m);
  for (let e = 0; e < m; e++) flow[e] = capLeft[2 * e + 1];
  return { value, flow };
}
