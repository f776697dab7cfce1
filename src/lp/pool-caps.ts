/**
 * Rule 6 in aggregate for the pooled formulation: what one house could sell
 * into (or buy from) a pool in one hour if every pair were at its cap,
 * `Σ_other min(PV_s, d_r)` (a consumer buyer has no cap of its own: `PV_s`).
 * Summed pair by pair this is O(sellers × buyers) per pool and hour — the
 * square of the community; here each hour's caps come from sorted values and
 * prefix sums, O(n log n).
 */

/** `Σ_i min(v_i, a)` for any `a ≥ 0` (Infinity: `Σ v_i`), from the values sorted once. */
export class MinSums {
  private readonly sorted: Float64Array;
  private readonly prefix: Float64Array;

  constructor(values: ArrayLike<number>) {
    this.sorted = Float64Array.from(values).sort();
    this.prefix = new Float64Array(this.sorted.length + 1);
    for (let i = 0; i < this.sorted.length; i++) this.prefix[i + 1] = this.prefix[i] + this.sorted[i];
  }

  get count(): number {
    return this.sorted.length;
  }

  /**
   * `Σ_i min(v_i, a)`.
   * @example new MinSums([1, 2, 5]).sumMin(3) // => 1 + 2 + 3 // = 6
   */
  sumMin(a: number): number {
    return sumMinSorted(this.sorted, this.prefix, this.sorted.length, a);
  }
}

/** `Σ_i min(v_i, a)` over `n` values held sorted, with their prefix sums. */
function sumMinSorted(sorted: Float64Array, prefix: Float64Array, n: number, a: number): number {
  if (a === Infinity) return prefix[n];
  // the values below a count in full, the others as a
  let lo = 0,
    hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < a) lo = mid + 1;
    else hi = mid;
  }
  return prefix[lo] + a * (n - lo);
}

/**
 * {@link MinSums} on reusable arrays (one pool's every hour without a new array per hour):
 * `clear`, `push` the values, `seal`, then `sumMinInf` — the same sums as a `MinSums` of the
 * values pushed gives through {@link sumMinInf}.
 */
export class MinSumsBuffer {
  private readonly sorted: Float64Array;
  private readonly prefix: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.sorted = new Float64Array(capacity);
    this.prefix = new Float64Array(capacity + 1);
  }

  clear(): void {
    this.n = 0;
  }

  push(v: number): void {
    this.sorted[this.n++] = v;
  }

  /** Sorts the values pushed and sums them up (before {@link MinSumsBuffer.sumMinInf}). */
  seal(): void {
    this.sorted.subarray(0, this.n).sort();
    for (let i = 0; i < this.n; i++) this.prefix[i + 1] = this.prefix[i] + this.sorted[i];
  }

  /** `Σ_i min(v_i, a)` over the values pushed (0 for none; `a` may be Infinity). */
  sumMinInf(a: number): number {
    return this.n === 0 ? 0 : sumMinSorted(this.sorted, this.prefix, this.n, a);
  }
}

/**
 * Aggregate caps in one pool and hour. A seller `s` with PV `a` may sell at
 * most `Σ_{r eligible, r ≠ s, r across groups if inter} min(a, cap_r)`; a buyer
 * `r` with cap `c` (its demand if a prosumer, Infinity if a consumer) may buy
 * at most `Σ_{s eligible, s ≠ r, …} min(PV_s, c)`. (`poolCaps` in `pooled.ts` computes the
 * same numbers for a pool's every hour from arrays; this class is its reference in the tests.)
 */
export class PoolHourCaps {
  private readonly all: { buyers: MinSums; sellers: MinSums };
  private readonly byGroup = new Map<number, { buyers: MinSums; sellers: MinSums }>();

  /**
   * @param sellers - eligible sellers: house → PV (kWh)
   * @param buyers - eligible buyers: house → cap (kWh; Infinity for a consumer)
   * @param groupOf - house → group, for the pool between groups (null: a group's own pool)
   */
  constructor(
    private readonly sellers: ReadonlyMap<number, number>,
    private readonly buyers: ReadonlyMap<number, number>,
    private readonly groupOf: ((h: number) => number) | null,
  ) {
    this.all = { buyers: new MinSums([...buyers.values()]), sellers: new MinSums([...sellers.values()]) };
    if (groupOf) {
      const split = (m: ReadonlyMap<number, number>) => {
        const out = new Map<number, number[]>();
        for (const [h, v] of m) {
          const g = groupOf(h);
          if (!out.has(g)) out.set(g, []);
          out.get(g)!.push(v);
        }
        return out;
      };
      const b = split(buyers),
        s = split(sellers);
      for (const g of new Set([...b.keys(), ...s.keys()]))
        this.byGroup.set(g, { buyers: new MinSums(b.get(g) ?? []), sellers: new MinSums(s.get(g) ?? []) });
    }
  }

  /** What eligible seller `s` may sell, kWh (0 if not eligible). */
  sellerCap(s: number): number {
    const a = this.sellers.get(s);
    if (a === undefined) return 0;
    return this.capAgainst(s, a, "buyers");
  }

  /** What eligible buyer `r` may buy, kWh (0 if not eligible). */
  buyerCap(r: number): number {
    const c = this.buyers.get(r);
    if (c === undefined) return 0;
    return this.capAgainst(r, c, "sellers");
  }

  /** Σ min(a, v) over the other side's eligible members that may trade with house h. */
  private capAgainst(h: number, a: number, side: "buyers" | "sellers"): number {
    let sum = sumMinInf(this.all[side], a);
    if (this.groupOf) {
      const own = this.byGroup.get(this.groupOf(h));
      if (own) sum -= sumMinInf(own[side], a); // between groups: not with one's own group (oneself included)
    } else {
      const self = (side === "buyers" ? this.buyers : this.sellers).get(h);
      if (self !== undefined) sum -= Math.min(a, self); // not with oneself
    }
    return Math.max(0, sum); // rounding of the differences must not give a negative bound
  }
}

/** `sumMin` where the values may be Infinity (consumers' caps) and `a` may be Infinity too. */
function sumMinInf(m: MinSums, a: number): number {
  return m.count === 0 ? 0 : m.sumMin(a);
}
