/**
 * The auditor: re-checks a solved day from the data, the scenario and the
 * flows alone. It never sees the LP builder (`model/`), so a bug there cannot
 * hide itself here. It recomputes every constraint family's largest
 * violation (kWh) and every house's cost, and compares the costs with what
 * the solver reported.
 */
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";
import type { DayFlows } from "../flows/flows.js";
import type { HourPrices } from "../prices/prices.js";

/** Tolerance on every constraint, kWh. */
export const AUDIT_KWH_TOLERANCE = 1e-6;
/** Relative tolerance on costs: |a − b| ≤ 1e-6 · max(1, |b|). */
export const AUDIT_COST_TOLERANCE = 1e-6;

/** Largest violation per constraint family, kWh (0 = exactly met). */
export interface Violations {
  /** every flow ≥ 0 */ nonNegative: number;
  /** flows that must not exist: consumer sale/charge, battery use without battery, trades the features or the model forbid */ structure: number;
  /** rule 1 (and the level carried from the day before) */ batteryBalance: number;
  /** rule 2 */ batteryBounds: number;
  /** rule 3, charge */ chargeCap: number;
  /** rule 3, discharge */ dischargeCap: number;
  /** rules 4 and 5 */ houseBalance: number;
  /** rule 6 */ prosumerBounds: number;
  /** rule 7 */ surplusRule: number;
}

export const VIOLATION_FAMILIES: readonly (keyof Violations)[] = [
  "nonNegative",
  "structure",
  "batteryBalance",
  "batteryBounds",
  "chargeCap",
  "dischargeCap",
  "houseBalance",
  "prosumerBounds",
  "surplusRule",
];

export interface DayAudit {
  day: number;
  violations: Violations;
  /** each house's cost recomputed from the flows and prices */
  houseCosts: Float64Array;
  /** largest |recomputed − reported| / max(1, |reported|) over houses */
  houseCostError: number;
  /**
   * |Σ recomputed − reported objective| / max(1, |objective|), where the
   * reported objective is stage 1's optimum f*; the final plan (stages 2–3)
   * may cost up to docs/model.md's cost slack max(1e-5, 1e-8·|f*|) more, so that
   * much is subtracted first
   */
  objectiveError: number;
  /** each house's stand-alone cost (docs/model.md "Fair bills"), recomputed from demand, PV and grid prices */
  standaloneCosts: Float64Array;
  /** largest |recomputed − reported| / max(1, |reported|) stand-alone cost over houses */
  standaloneError: number;
  ok: boolean;
}

const zeroViolations = (): Violations =>
  Object.fromEntries(VIOLATION_FAMILIES.map((f) => [f, 0])) as unknown as Violations;

/**
 * Audits one day from its flows alone: every balance, bound and rule of the
 * model re-checked (violations in kWh), each house's cost and stand-alone
 * cost recomputed from the flows and prices (currency units) and compared
 * with what the solver reported. `simulate` runs it on every day.
 * @param expectedStart - `B[g,-1]` the day must start from (the scenario's initial level on day 1, else the previous day's last level)
 * @param reported - the solver's per-house costs and objective (currency units)
 * @example
 *   // re-audit day 1 of a run r of scenario s
 *   const d = r.days[0];
 *   auditDay(s, dayPrices(s.prices, 24, 0, r.prices), r.network, dayProfiles(r.profiles, 0), r.features,
 *     d.flows, s.groups.map((g) => g.battery?.initial ?? null), { houseCosts: d.houseCosts, objective: d.objective }).ok
 */
export function auditDay(
  scenario: Pick<Scenario, "groups">,
  prices: HourPrices,
  network: Network,
  day: DayProfiles,
  features: Features,
  flows: DayFlows,
  expectedStart: readonly (number | null)[],
  reported: {
    houseCosts: ArrayLike<number>;
    objective: number;
    /** the stages' slack factor (1, 10 or 100; default 1) */
    slackFactor?: number;
    /** the stand-alone costs the results report (checked when given) */
    standaloneCosts?: ArrayLike<number>;
  },
): DayAudit {
  const v = zeroViolations();
  const worse = (f: keyof Violations, amount: number) => {
    if (!(amount <= v[f])) v[f] = Number.isNaN(amount) ? Infinity : amount;
  };
  const a: Audited = { scenario, prices, network, day, features, flows, worse, T: day.hours };
  const { bought, sold, cost } = checkTrades(a);
  checkHouses(a, bought, sold, cost);
  checkBatteries(a, expectedStart);
  const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(1, Math.abs(y));
  let houseCostError = 0,
    total = 0;
  cost.forEach((c, h) => {
    houseCostError = Math.max(houseCostError, rel(c, reported.houseCosts[h]));
    total += c;
  });
  // stage 1's promise: the plan costs f* (within docs/model.md's cost slack: later stages may use it)
  const f = reported.objective;
  const costSlack = (reported.slackFactor ?? 1) * Math.max(1e-5, 1e-8 * Math.abs(f));
  const objectiveError = Math.max(0, Math.abs(total - f) - costSlack) / Math.max(1, Math.abs(f));
  const standaloneCosts = standaloneOf(a);
  let standaloneError = 0;
  if (reported.standaloneCosts)
    standaloneCosts.forEach(
      (c, h) => (standaloneError = Math.max(standaloneError, rel(c, reported.standaloneCosts![h]))),
    );
  const ok =
    VIOLATION_FAMILIES.every((fam) => v[fam] <= AUDIT_KWH_TOLERANCE) &&
    houseCostError <= AUDIT_COST_TOLERANCE &&
    objectiveError <= AUDIT_COST_TOLERANCE &&
    standaloneError <= AUDIT_COST_TOLERANCE;
  return {
    day: flows.day,
    violations: v,
    houseCosts: cost,
    houseCostError,
    objectiveError,
    standaloneCosts,
    standaloneError,
    ok,
  };
}

/** What one day's checks read, and where they record the worst violation per family (kWh). */
interface Audited {
  scenario: Pick<Scenario, "groups">;
  prices: HourPrices;
  network: Network;
  day: DayProfiles;
  features: Features;
  flows: DayFlows;
  worse: (family: keyof Violations, amount: number) => void;
  T: number;
}

const batteryOn = (a: Audited, g: number) => a.features.battery && a.scenario.groups[g].battery !== null;

/**
 * Trades: non-negative, only from prosumers and where the run allows them,
 * rule 6 and rule 7 per pair; returns each house's kWh bought and sold per
 * hour and its trade cost so far (currency units).
 */
function checkTrades(a: Audited): { bought: Float64Array; sold: Float64Array; cost: Float64Array } {
  const { day, features, prices, worse, T } = a,
    house = a.network.houses;
  const bought = new Float64Array(house.length * T),
    sold = new Float64Array(house.length * T);
  const cost = new Float64Array(house.length);
  const surplus = (h: number, t: number) =>
    house[h].kind === "prosumer" && day.solar[h * T + t] - day.demand[h * T + t] > 0;
  for (const { seller, buyer, kwh } of a.flows.trades) {
    const s = house[seller],
      r = house[buyer];
    const inter = s.group !== r.group;
    const allowed = s.kind === "prosumer" && seller !== buyer && (inter ? features.interTrades : features.intraTrades);
    for (let t = 0; t < T; t++) {
      const q = kwh[t];
      worse("nonNegative", -q);
      if (!allowed) worse("structure", Math.abs(q));
      bought[buyer * T + t] += q;
      sold[seller * T + t] += q;
      worse("prosumerBounds", q - day.solar[seller * T + t]);
      if (r.kind === "prosumer") worse("prosumerBounds", q - day.demand[buyer * T + t]);
      if (surplus(seller, t) && surplus(buyer, t)) worse("surplusRule", Math.abs(q));
    }
    const buy = inter ? prices.peerPurchaseInter : prices.peerPurchaseIntra;
    const sell = inter ? prices.peerSaleInter : prices.peerSaleIntra;
    for (let t = 0; t < T; t++) {
      cost[buyer] += buy[t] * kwh[t];
      cost[seller] -= sell[t] * kwh[t];
    }
  }
  return { bought, sold, cost };
}

/** Each house's grid and battery flows: signs, structure, its balance, rule 6; adds their cost to `cost`. */
function checkHouses(a: Audited, bought: Float64Array, sold: Float64Array, cost: Float64Array): void {
  const { day, flows, prices, worse, T } = a;
  for (const h of a.network.houses) {
    const prosumer = h.kind === "prosumer";
    for (let t = 0; t < T; t++) {
      const i = h.index * T + t;
      const gb = flows.gridPurchase[i],
        gs = flows.gridSale[i],
        ch = flows.charge[i],
        dis = flows.discharge[i];
      for (const q of [gb, gs, ch, dis]) worse("nonNegative", -q);
      if (!prosumer) worse("structure", Math.abs(gs) + Math.abs(ch));
      if (!batteryOn(a, h.group)) worse("structure", Math.abs(ch) + Math.abs(dis));
      const supply = day.solar[i] + gb + dis + bought[i];
      const use = gs + ch + sold[i] + day.demand[i];
      worse("houseBalance", Math.abs(supply - use));
      if (prosumer) {
        worse("prosumerBounds", gs - day.solar[i]);
        worse("prosumerBounds", gb - day.demand[i]);
      }
      cost[h.index] += prices.batteryUse[t] * (ch + dis) + prices.gridPurchase[t] * gb - prices.gridSale[t] * gs;
    }
  }
}

/** Each group's battery: present exactly where the run has one, its balance from the expected start, bounds and caps. */
function checkBatteries(a: Audited, expectedStart: readonly (number | null)[]): void {
  const { flows, worse, T } = a;
  for (const g of a.network.groups) {
    const b = batteryOn(a, g.index) ? a.scenario.groups[g.index].battery : null;
    const levels = flows.battery[g.index];
    if (!b || !levels) {
      if (b || levels) worse("structure", Infinity);
      continue;
    }
    const start = expectedStart[g.index] ?? b.initial;
    worse("batteryBalance", Math.abs((flows.batteryStart[g.index] ?? NaN) - start));
    let prev = start;
    for (let t = 0; t < T; t++) {
      let ch = 0,
        dis = 0;
      for (const h of g.prosumers) ch += flows.charge[h * T + t];
      for (const h of g.houses) dis += flows.discharge[h * T + t];
      const level = levels[t];
      worse("batteryBalance", Math.abs(level - (prev + b.chargeEfficiency * ch - b.dischargeFactor * dis)));
      worse("batteryBounds", Math.max(b.lower - level, level - b.upper));
      worse("chargeCap", ch - b.maxCharge);
      worse("dischargeCap", dis - b.maxDischarge);
      prev = level;
    }
  }
}

/**
 * Each house's stand-alone cost (own PV and the grid only, per hour;
 * docs/model.md "Fair bills"), currency units. Written out here again on
 * purpose: the auditor shares no formula with what it checks.
 */
function standaloneOf(a: Audited): Float64Array {
  const { day, prices, T } = a;
  const out = new Float64Array(a.network.houses.length);
  for (const h of a.network.houses)
    for (let t = 0; t < T; t++) {
      const d = day.demand[h.index * T + t],
        s = h.kind === "prosumer" ? day.solar[h.index * T + t] : 0;
      const pb = prices.gridPurchase[t],
        ps = prices.gridSale[t];
      out[h.index] += pb >= ps ? pb * Math.max(0, d - s) - ps * Math.max(0, s - d) : pb * d - ps * s;
    }
  return out;
}

/** The audit of a whole run: the worst of every day. */
export interface AuditSummary {
  ok: boolean;
  days: number;
  /** largest violation per family over all days, kWh */
  maxViolation: Violations;
  maxHouseCostError: number;
  maxObjectiveError: number;
  maxStandaloneError: number;
  /** 1-based days that failed */
  failedDays: number[];
  tolerance: { kwh: number; costRelative: number };
}

/**
 * The audit of a whole run from its days' audits: the largest violation per
 * family (kWh), the largest relative cost errors, and the failed days.
 * @example summariseAudits(r.days.map((d) => d.audit)).ok // the same as r.audit.ok
 */
export function summariseAudits(audits: readonly DayAudit[]): AuditSummary {
  const maxViolation = zeroViolations();
  for (const a of audits)
    for (const f of VIOLATION_FAMILIES) maxViolation[f] = Math.max(maxViolation[f], a.violations[f]);
  return {
    ok: audits.every((a) => a.ok),
    days: audits.length,
    maxViolation,
    maxHouseCostError: Math.max(0, ...audits.map((a) => a.houseCostError)),
    maxObjectiveError: Math.max(0, ...audits.map((a) => a.objectiveError)),
    maxStandaloneError: Math.max(0, ...audits.map((a) => a.standaloneError)),
    failedDays: audits.filter((a) => !a.ok).map((a) => a.day),
    tolerance: { kwh: AUDIT_KWH_TOLERANCE, costRelative: AUDIT_COST_TOLERANCE },
  };
}
