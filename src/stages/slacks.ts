/**
 * docs/model.md's slacks for "One answer per day": how far a later stage may
 * move what an earlier one fixed. Widened ×10, then ×100 (`factor`) for a
 * day whose stage LP comes back infeasible at the solver's own tolerance.
 */

/**
 * The community's cost stays within this of stage 1's optimum f*, currency units.
 * @example costSlack(10_000) // => 1e-4
 */
export const costSlack = (f: number, factor = 1) => factor * Math.max(1e-5, 1e-8 * Math.abs(f));

/**
 * A fixed level (a battery level in kWh, a saving in currency units) stays within this of its value.
 * @example levelSlack(25) // => 2.5e-5
 */
export const levelSlack = (v: number, factor = 1) => factor * 1e-6 * Math.max(1, Math.abs(v));

/**
 * How far below its leximin level the fair stage holds a fixed house's saving, currency units:
 * a hundredth of the level slack. What fixed houses leave below their levels, later levels absorb,
 * and where the settling LP can put the rest back is the solver's choice; with the full level
 * slack that moved bills by up to 1.6e-5 relative between solvers, with a hundredth by under 1e-6
 * (`npm run bench:agreement`). Still above the solvers' tolerances on the optimal face nearly
 * always: 3 of the bench's 720 runs had a day glpk.js solved only with widened slacks.
 * @example savingSlack(25) // => 2.5e-7
 */
export const savingSlack = (v: number, factor = 1) => 0.01 * levelSlack(v, factor);
