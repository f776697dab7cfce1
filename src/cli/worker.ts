/**
 * `npm run worker -- --queue redis://HOST:PORT [--lock S] [--quiet]`
 *
 * A study worker (docs/scale-out.md): takes the jobs of `npm run study --
 * STUDY.json --queue URL` from the queue one at a time until stopped
 * (Ctrl-C or SIGTERM: the job in hand is finished first). Exit codes: 0
 * stopped; 1 Redis away for longer than `--redis-wait` seconds (one line);
 * 2 bad input or an unreachable queue (one line).
 */
import { InputError } from "../errors/errors.js";
import { RedisAwayError, startQueueWorker } from "../study/bullmq.js";
import { parseOptions, usage, type Command } from "./options.js";
import { runMain } from "./run.js";
import * as message from "../errors/messages.js";

/** `npm run worker`'s options and help. */
export const WORKER: Command = {
  name: "worker",
  synopsis: "npm run worker -- --queue redis://HOST:PORT [OPTIONS]",
  about: "Takes the jobs of studies run with --queue from the queue, one at a time, until stopped.",
  options: ["queue", "lock", "redis-wait", "quiet", "help"],
  epilog: "Start one per core on any number of machines. Read more: docs/scale-out.md.",
};

async function main(argv: string[]): Promise<number> {
  const parsed = parseOptions(WORKER, argv);
  if (!parsed) {
    process.stdout.write(usage(WORKER));
    return 0;
  }
  const url = parsed.string("queue");
  if (url === undefined) throw new InputError("--queue", message.queueNeeded());
  const quiet = parsed.flag("quiet");
  const redisWaitMs = (parsed.wholeNumber("redis-wait") ?? 60) * 1000;
  const w = await startQueueWorker({
    url,
    lockMs: (parsed.wholeNumber("lock") ?? 30) * 1000,
    redisWaitMs,
    onJob: quiet
      ? undefined
      : (e) =>
          process.stdout.write(
            (e.ok ? message.workerJobDone(e.job.index, e.ms) : message.errorLine(e.error ?? "")) + "\n",
          ),
  });
  if (!quiet) process.stdout.write(message.workerWaiting(process.pid, url) + "\n");
  const signalled = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  try {
    await Promise.race([signalled, w.lost]);
  } catch (e) {
    if (!(e instanceof RedisAwayError)) throw e;
    w.disconnect(); // the job in hand, if any, is taken up by another worker once its lock runs out
    process.stderr.write(message.errorLine(e.message) + "\n");
    return 1;
  }
  // the job in hand is finished first; a second signal, or a Redis that stays away for the wait limit, ends at once
  const force = () => process.exit(130);
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  const closed = await Promise.race([
    w.close().then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), redisWaitMs).unref()),
  ]);
  if (!closed) process.exit(1); // Redis away: the job, if any, is taken up by another worker once its lock runs out
  return 0;
}

runMain(() => main(process.argv.slice(2)));
