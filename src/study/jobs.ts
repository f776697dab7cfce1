/**
 * A study as a list of jobs. A job carries everything it needs (the base
 * scenario, its parameter values, the content of its input files), so it
 * runs the same on any machine; its key is the sha256 of its canonical JSON
 * (RFC 8785, `canonicalize`) with each input file replaced by the sha256 of
 * its content: renaming a file keeps the key, changing a byte changes it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import canonicalize from "canonicalize";
import { demoScenario, type Scenario } from "../community/scenario.js";
import { readScenario } from "../io/scenario-file.js";
import * as message from "../errors/messages.js";
import { InputError } from "../errors/errors.js";
import { TOOL } from "../io/folder.js";
import type { BaselineName } from "../analysis/baselines.js";
import { parseTariff } from "../io/tariff-terms.js";
import { DEFAULT_TARIFF, type RetailTariff } from "../prices/tariff.js";
import { checkParamName, points, type Point } from "./params.js";
import type { StudySpec } from "./spec.js";

/** An input file as a job carries it. */
export interface FileInput {
  /** the name as the study file gives it (shown in the table, not part of the key) */
  name: string;
  /** sha256 of the content, hex */
  sha256: string;
  text: string;
}

/** One job: a pure function of these fields. */
export interface StudyJob {
  /** 1-based, the job's place in the study's table */
  index: number;
  /** sha256 of the job's canonical JSON (see {@link jobKey}) */
  key: string;
  /** parameter values, in the study file's order (`prices`: the file's name) */
  point: Point;
  base: Scenario;
  days?: number;
  baselines: BaselineName[];
  solver: string;
  allocation: string;
  settlement: string;
  profiles?: FileInput;
  /** the prices.csv of this job (the `prices` parameter's file) */
  prices?: FileInput;
  /** spot prices (€/MWh) on the study's clock from `start` in `zone`, with `tariff` (before tariff.* parameters) on top */
  spot?: { file: FileInput; start?: string; zone?: string; tariff: RetailTariff };
}

/** A planned study: its jobs in table order and its id (sha256 of the job keys). */
export interface StudyPlan {
  id: string;
  jobs: StudyJob[];
  /** the parameter names (table columns), in order */
  params: string[];
}

export const sha256 = (text: string | Uint8Array) => createHash("sha256").update(text).digest("hex");

/**
 * The job's key: sha256 of the canonical JSON of everything the job's row
 * depends on, with files as their content's sha256 (not their names).
 * @example jobKey(job) === jobKey({ ...job, prices: { ...job.prices, name: "renamed.csv" } }) // true: names are not in the key
 */
export function jobKey(job: Omit<StudyJob, "key" | "index">): string {
  const point = job.point.map(([n, v]) => [n, n === "prices" ? (job.prices?.sha256 ?? null) : v]);
  return sha256(
    canonicalize({
      format: "p2p-cvpp-study-job/1",
      tool: TOOL.version,
      base: job.base,
      days: job.days ?? null,
      baselines: job.baselines,
      solver: job.solver,
      allocation: job.allocation,
      settlement: job.settlement,
      point,
      profiles: job.profiles?.sha256 ?? null,
      prices: job.prices?.sha256 ?? null,
      spot: job.spot ? { ...job.spot, file: job.spot.file.sha256 } : null,
    })!,
  );
}

/** A file named by the study file (relative to its folder), read once. */
function readInput(name: string, folder: string, where: string, cache: Map<string, FileInput>): FileInput {
  const path = resolve(folder, name);
  let f = cache.get(path);
  if (!f) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new InputError(where, message.cannotReadInput(name, (e as NodeJS.ErrnoException).code ?? String(e)));
    }
    f = { name, sha256: sha256(text), text };
    cache.set(path, f);
  }
  return f;
}

/**
 * The study's jobs, in table order.
 * @example planStudy(readStudy("study.json"), "study.json").jobs.length // every point of the study's grid, list or samples
 * @param file - the study file's path (its folder anchors relative file names)
 * @throws InputError naming the study file and key for a parameter the scenario cannot take or a file that cannot be read
 */
export function planStudy(spec: StudySpec, file: string): StudyPlan {
  const folder = dirname(resolve(file));
  const files = new Map<string, FileInput>();
  const base = spec.scenario !== undefined ? readScenario(resolve(folder, spec.scenario)) : demoScenario();
  if (spec.days !== undefined && spec.days > base.days)
    throw new InputError(`${file}: days`, message.daysBeyondScenario(spec.days, base.days));
  for (const [name] of spec.params) checkParamName(base, name, `${file}: params[${JSON.stringify(name)}]`);
  const profiles =
    spec.profiles !== undefined ? readInput(spec.profiles, folder, `${file}: profiles`, files) : undefined;
  const spot =
    spec.spot === undefined
      ? undefined
      : {
          file: readInput(spec.spot, folder, `${file}: spot`, files),
          start: spec.start,
          zone: spec.zone,
          tariff: spec.tariff === undefined ? DEFAULT_TARIFF : parseTariff(spec.tariff, `${file}: tariff`),
        };
  const jobs = points(spec.params, spec.combine, spec.samples ?? 0, spec.seed).map((point, i): StudyJob => {
    const choice = (n: string, d: string) => String(point.find(([k]) => k === n)?.[1] ?? d);
    const pricesName = point.find(([k]) => k === "prices")?.[1];
    const job = {
      point,
      base,
      days: spec.days,
      baselines: spec.baselines,
      solver: choice("solver", spec.solver),
      allocation: choice("allocation", spec.allocation),
      settlement: choice("settlement", spec.settlement),
      profiles,
      prices:
        pricesName === undefined ? undefined : readInput(String(pricesName), folder, `${file}: params.prices`, files),
      spot,
    };
    return { index: i + 1, key: jobKey(job), ...job };
  });
  return { id: sha256(jobs.map((j) => j.key).join("\n")), jobs, params: spec.params.map(([n]) => n) };
}
