/**
 * A solved day as plain energy flows, in kWh per hour step. This is what the
 * solver hands to the auditor and to the results tables; it knows nothing of
 * LP columns. Per-house arrays use index `house · hours + hour`.
 */
export interface TradeFlow {
  /** house index of the selling prosumer */
  seller: number;
  /** house index of the buyer */
  buyer: number;
  /** kWh per hour, length `hours` */
  kwh: Float64Array;
}

export interface DayFlows {
  /** 1-based day number */
  day: number;
  hours: number;
  /** `gb[h,t]` */ gridPurchase: Float64Array;
  /** `gs[h,t]` (0 for consumers) */ gridSale: Float64Array;
  /** `ch[h,t]` (0 for consumers and houses without a battery) */ charge: Float64Array;
  /** `dis[h,t]` */ discharge: Float64Array;
  /** every seller→buyer pair that moved energy this day */
  trades: TradeFlow[];
  /** `B[g,t]` per group (level after hour t), `null` for a group without battery */
  battery: (Float64Array | null)[];
  /** `B[g,-1]`: the level the day started from, `null` without battery */
  batteryStart: (number | null)[];
}
