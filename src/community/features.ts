/**
 * Which options the community has. Switching one off removes its variables
 * from the LP (it is not a price trick); the auditor checks the solved flows
 * use none of what is off.
 */
export interface Features {
  /** the group batteries (B, ch, dis) */
  battery: boolean;
  /** P2P trades between houses of the same group */
  intraTrades: boolean;
  /** P2P trades between houses of different groups */
  interTrades: boolean;
}

/** docs/model.md as it is: everything on. */
export const FULL_FEATURES: Readonly<Features> = Object.freeze({ battery: true, intraTrades: true, interTrades: true });
