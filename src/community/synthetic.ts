/**
 * The `synthetic` object of `scenario.json` (docs/data-formats.md "Synthetic
 * profiles: recipes"): which recipe generates the profiles when no
 * profiles file is given.
 */

/** docs/model.md's recipe (the default). */
export interface DemoRecipe {
  recipe: "demo";
}

/**
 * A realistic year at a real place: household load shape scaled to an
 * annual consumption, PV from the sun's position and a seeded cloudiness.
 */
export interface SeasonalRecipe {
  recipe: "seasonal";
  /** degrees, north positive, −90..90 */
  latitude: number;
  /** degrees, east positive, −180..180 */
  longitude: number;
  /** hours the local clock is ahead of UTC (e.g. 1 for CET, −5 for EST, 5.5 for IST); no daylight saving */
  utcOffset: number;
  /** the local date of day 1, `YYYY-MM-DD` */
  startDate: string;
  /** kWh per year: one value for every house, or one per house in house-id order */
  annualDemandKwh: number | number[];
  /** kW peak of PV: one value for every prosumer, or one per prosumer, or one per house (consumers 0) */
  pvKwp: number | number[];
}

/** One of the recipes. */
export type SyntheticSpec = DemoRecipe | SeasonalRecipe;

/** The registry of recipes and their one-line descriptions (docs/recipes.md). */
export const RECIPE_REGISTRY = {
  demo: "docs/model.md's recipe (the default)",
  seasonal: "a realistic year at a real place: a standard load shape and PV from the sun's position",
} as const satisfies Record<string, string>;

/** A recipe's name: a key of {@link RECIPE_REGISTRY}. */
export type RecipeName = keyof typeof RECIPE_REGISTRY;

/** The recipe names, in registry order. */
export const RECIPES = Object.freeze(Object.keys(RECIPE_REGISTRY) as RecipeName[]);
