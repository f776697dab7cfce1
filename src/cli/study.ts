/**
 * `npm run study -- study.json [--out DIR] [--workers auto|N | --queue redis://HOST:PORT | --shard I/N] [--quiet]`
 * `npm run study -- merge PART_DIR... [--out DIR]`
 *
 * Runs a study (docs/scale-out.md): its jobs not yet in the results folder,
 * on this machine's pool (default), on a BullMQ queue (`--queue`, workers:
 * `npm run worker`) or one slice of it (`--shard`); each finished row is
 * stored under its job's key at once, so a stopped study resumes. Writes
 * `table.csv` and `summary.json` once every row is in. Exit codes: 0 done;
 * 1 a job failed (one line each), rows are missing, or Redis stayed away
 * longer than `--redis-wait`; 2 bad input.
 */
import { InputError } from "../errors/errors.js";
import { readStudy } from "../study/spec.js";
import { planStudy } from "../study/jobs.js";
import { StudyStore } from "../study/store.js";
import { checkStudyInputs } from "../study/job.js";
import { localRunner, mergeParts, parseShard, runStudy, type Runner, type StudyProgress } from "../study/runners.js";
import { parseOptions, usage, type Command } from "./options.js";
import { runMain } from "./run.js";
import * as message from "../errors/messages.js";

/** `npm run study`'s options and help. */
export const STUDY: Command = {
  name: "study",
  synopsis: "npm run study -- STUDY.json [OPTIONS]   |   npm run study -- merge PART_DIR... [--out DIR]",
  about:
    "Runs the jobs of a study file (docs/scale-out.md) not yet in the results folder, stores each row\n" +
    "under its job's key, and writes table.csv and summary.json once every row is in.",
  options: [
    [
      "out",
      {
        default: "results/study",
        help: "results folder: made when absent or empty; one this tool wrote is added to\n(finished jobs are read back, not solved again)",
      },
    ],
    ["workers", { help: "local pool processes: auto (default: one per core) or a number (1 = this process)" }],
    "queue",
    "redis-wait",
    "shard",
    "quiet",
    "help",
  ],
  epilog: [
    "Runners: this machine's pool (default, --workers), a BullMQ queue (--queue; start workers with",
    "npm run worker -- --queue URL), or slice I of N (--shard I/N; combine the parts with merge).",
    "Exit codes: 0 done; 1 a job failed or rows are missing; 2 bad input. Read more: docs/scale-out.md.",
  ].join("\n"),
};

/** The leading arguments that are not options. */
function positionals(argv: string[]): [string[], string[]] {
  const i = argv.findIndex((a) => a.startsWith("-"));
  return i < 0 ? [argv, []] : [argv.slice(0, i), argv.slice(i)];
}

/** The progress line, rewritten in place (trailing blanks clear a longer line before it). */
const progressLine = (p: StudyProgress): string => `\r${message.studyProgress(p)}   `;

async function main(argv: string[]): Promise<number> {
  const [pos, rest] = positionals(argv);
  const parsed = parseOptions(STUDY, rest);
  if (!parsed) {
    process.stdout.write(usage(STUDY));
    return 0;
  }
  if (pos[0] === "merge") return merge(pos.slice(1), parsed.string("out")!, parsed.flag("quiet"));
  if (pos.length !== 1) throw new InputError("command line", message.studyFileCount(pos.length));
  const queue = parsed.string("queue"),
    shardText = parsed.string("shard");
  if (queue !== undefined && shardText !== undefined) throw new InputError("--shard", message.shardWithQueue());
  if (queue === undefined && rest.some((a) => a.startsWith("--redis-wait")))
    throw new InputError("--redis-wait", message.redisWaitWithoutQueue());
  if (queue !== undefined && rest.some((a) => a.startsWith("--workers")))
    throw new InputError("--workers", message.workersWithQueue());
  const shard = shardText !== undefined ? parseShard(shardText) : undefined;
  const workers = parsed.string("workers") === "auto" ? ("auto" as const) : parsed.wholeNumber("workers")!;
  const plan = planStudy(readStudy(pos[0]), pos[0]);
  await checkStudyInputs(plan); // refused before the results folder is made
  const out =
    shard && !rest.some((a) => a.startsWith("--out")) ? `results/study-part-${shard.index}` : parsed.string("out")!;
  const runner: Runner =
    queue !== undefined
      ? await (
          await import("../study/bullmq.js")
        ).bullmqRunner({ url: queue, redisWaitMs: (parsed.wholeNumber("redis-wait") ?? 60) * 1000 })
      : localRunner({ workers });
  const store = new StudyStore(out);
  const tty = process.stderr.isTTY && !parsed.flag("quiet");
  let r;
  try {
    r = await runStudy(plan, {
      runner,
      store,
      shard,
      onProgress: tty ? (p) => process.stderr.write(progressLine(p)) : undefined,
    });
  } catch (e) {
    if (!(e instanceof Error && e.name === "RedisAwayError")) throw e;
    // the rows that arrived are stored; the same command resumes once Redis is back
    process.stderr.write(`${tty ? "\n" : ""}${message.errorLine(e.message)}\n`);
    return 1;
  }
  if (tty) process.stderr.write("\n");
  for (const f of r.failures) process.stderr.write(message.errorLine(f) + "\n");
  const summary = {
    study: plan.id,
    runner: runner.name,
    shard: shard ?? null,
    jobs: shard ? plan.jobs.filter((j) => (j.index - 1) % shard.count === shard.index).length : plan.jobs.length,
    reused: r.reused,
    solved: r.solved,
    duplicates: r.duplicates,
    failed: r.failures.length,
    tableSha256: r.csvSha256,
    seconds: Math.round(r.seconds * 1000) / 1000,
  };
  const files = r.csv !== null && !shard ? ["table.csv", "summary.json"] : ["summary.json"];
  if (files.includes("table.csv")) store.writeFile("table.csv", r.csv!);
  store.writeFile("summary.json", JSON.stringify(summary, null, 2) + "\n");
  const lines = [
    message.studySummary({ ...summary, seconds: r.seconds, runner: runner.name, shard }),
    ...(r.csvSha256 ? [message.tableSha256(r.csvSha256)] : []),
    message.resultsIn(out, files),
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return r.failures.length === 0 ? 0 : 1;
}

async function merge(dirs: string[], out: string, quiet: boolean): Promise<number> {
  const store = new StudyStore(out);
  const r = await mergeParts(dirs, store);
  for (const m of r.missing) process.stderr.write(message.missingLine(m) + "\n");
  if (r.csv !== null) store.writeFile("table.csv", r.csv);
  store.writeFile(
    "summary.json",
    JSON.stringify(
      {
        study: r.manifest.study,
        runner: "merge",
        parts: dirs,
        jobs: r.manifest.jobs.length,
        missing: r.missing.length,
        tableSha256: r.csvSha256,
      },
      null,
      2,
    ) + "\n",
  );
  const lines = [message.mergeSummary(dirs.length, r.manifest.jobs.length, r.missing.length)];
  if (r.csvSha256) lines.push(message.tableSha256(r.csvSha256));
  if (!quiet || r.csv === null) process.stdout.write(lines.join("\n") + "\n");
  process.stdout.write(
    message.resultsIn(out, r.csv !== null ? ["table.csv", "summary.json"] : ["summary.json"]) + "\n",
  );
  return r.missing.length === 0 ? 0 : 1;
}

runMain(() => main(process.argv.slice(2)));
