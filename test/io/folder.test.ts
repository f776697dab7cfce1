// Issue 7, "Data loss" and write failures: a results folder replaces only
// an absent, empty or marked folder, checked before any solving; a write
// that fails is one line naming the path, exit 1, earlier results intact;
// leftovers of killed runs are recovered (only marked ones).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, WriteError } from "../../src/index.js";
// the atomic results folder is I/O plumbing of the commands (not in the public index)
import {
  checkOutputFolder,
  MARKER,
  markedFiles,
  markerText,
  recoverLeftovers,
  writeFileIntoResults,
  writeFolderAtomically,
} from "../../src/io/folder.js";
import { DEMO_CLI, SWEEP_CLI } from "../helpers/cli-paths.js";

const tmp = mkdtempSync(join(tmpdir(), "p2p-out-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
const FAIL_FS = join(import.meta.dirname, "..", "helpers", "fail-fs.mjs");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function cli(script: string, args: string[], env: Record<string, string> = {}, preload = false): Run {
  const r = spawnSync(process.execPath, [...(preload ? ["--import", FAIL_FS] : []), script, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const demo = (args: string[], env?: Record<string, string>, preload?: boolean) => cli(DEMO_CLI, args, env, preload);
const sweep = (args: string[]) => cli(SWEEP_CLI, args);

/** One line on stderr, no stack trace, the given exit code and text. */
function oneLine(r: Run, code: number, message: RegExp, what: string): void {
  assert.equal(r.status, code, `${what}: exit ${r.status}\n${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `${what}: one line, got\n${r.stderr}`);
  assert.match(lines[0], /^error: /, what);
  assert.match(lines[0], message, what);
  assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, `${what}: no stack trace`);
}

/** A user's folder: a file and a subfolder with a file. */
function thesisFolder(name: string): string {
  const d = join(tmp, name);
  mkdirSync(join(d, "chapters"), { recursive: true });
  writeFileSync(join(d, "thesis.txt"), "my thesis\n");
  writeFileSync(join(d, "chapters", "one.md"), "# One\n");
  return d;
}
function thesisIntact(d: string): void {
  assert.equal(readFileSync(join(d, "thesis.txt"), "utf8"), "my thesis\n");
  assert.equal(readFileSync(join(d, "chapters", "one.md"), "utf8"), "# One\n");
  assert.deepEqual(readdirSync(d).sort(), ["chapters", "thesis.txt"]);
}

/** A results folder of an earlier run, with its summary text. */
function earlierResults(name: string): { dir: string; summary: string } {
  const dir = join(tmp, name);
  const r = demo(["--days", "1", "--out", dir, "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  return { dir, summary: readFileSync(join(dir, "summary.json"), "utf8") };
}

test("--out on a folder with a user's files: refused with one line, exit 2, the files untouched (demo and sweep)", () => {
  const d = thesisFolder("thesis");
  // a missing profiles file would be the next error: the output folder is checked first, before reading or solving
  const r = demo(["--days", "1", "--out", d, "--profiles", join(tmp, "absent.csv")]);
  oneLine(
    r,
    2,
    /thesis: holds files this tool did not write \(chapters\/, thesis\.txt\) and no \.p2p-cvpp-results marker.*never replaced/,
    "demo",
  );
  assert.match(r.stderr, /--help/);
  thesisIntact(d);
  oneLine(
    sweep(["--param", "battery.capacity=0,1", "--days", "1", "--out", d]),
    2,
    /holds files this tool did not write/,
    "sweep",
  );
  thesisIntact(d);
});

test("--out on an existing file: refused, the file unchanged", () => {
  const f = join(tmp, "report.txt");
  writeFileSync(f, "my report\n");
  oneLine(demo(["--days", "1", "--out", f]), 2, /report\.txt: is a file, not a results folder/, "file");
  assert.equal(readFileSync(f, "utf8"), "my report\n");
});

test("--out on the folder that holds the inputs: refused, inputs untouched — even a results folder of the tool", () => {
  const { dir } = earlierResults("inputs-here");
  const scenario = readFileSync(join(dir, "scenario.json"), "utf8");
  const r = demo(["--scenario", join(dir, "scenario.json"), "--profiles", join(dir, "profiles.csv"), "--out", dir]);
  oneLine(r, 2, /holds the input file .*scenario\.json/, "inputs in --out");
  assert.equal(readFileSync(join(dir, "scenario.json"), "utf8"), scenario);
  // the inputs folder of a user (not marked) is refused as someone else's folder
  const mine = join(tmp, "my-inputs");
  mkdirSync(mine);
  writeFileSync(join(mine, "scenario.json"), scenario);
  oneLine(
    demo(["--scenario", join(mine, "scenario.json"), "--out", join(mine, "..", "my-inputs")]),
    2,
    /holds the input file/,
    "user inputs",
  );
  assert.equal(readFileSync(join(mine, "scenario.json"), "utf8"), scenario);
});

test("--out on the folder that holds the inputs through symbolic links: refused, inputs untouched", () => {
  // The inputs are given as links in another folder: the paths as written lie outside --out, the
  // files they reach are inside it. Before the fix this run exited 0 and replaced the folder
  // (a 2-day profiles.csv became 1 day).
  const { dir } = earlierResults("linked-inputs");
  const scenario = readFileSync(join(dir, "scenario.json"), "utf8"),
    profiles = readFileSync(join(dir, "profiles.csv"), "utf8");
  const links = join(tmp, "links");
  mkdirSync(links);
  symlinkSync(join(dir, "scenario.json"), join(links, "s.json"));
  symlinkSync(join(dir, "profiles.csv"), join(links, "p.csv"));
  oneLine(
    demo(["--days", "1", "--scenario", join(links, "s.json"), "--profiles", join(links, "p.csv"), "--out", dir]),
    2,
    /holds the input file .*s\.json/,
    "linked inputs",
  );
  // and a link to the results folder named as --out
  symlinkSync(dir, join(tmp, "out-link"));
  oneLine(
    demo(["--days", "1", "--scenario", join(dir, "scenario.json"), "--out", join(tmp, "out-link")]),
    2,
    /holds the input file/,
    "linked --out",
  );
  assert.equal(readFileSync(join(dir, "scenario.json"), "utf8"), scenario);
  assert.equal(readFileSync(join(dir, "profiles.csv"), "utf8"), profiles);
});

test("--out on the current folder is refused", () => {
  const r = spawnSync(process.execPath, [DEMO_CLI, "--days", "1", "--out", "."], {
    cwd: mkdtempSync(join(tmp, "cwd-")),
    encoding: "utf8",
    timeout: 120_000,
  });
  oneLine({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 2, /is the current folder/, "--out .");
});

test("absent, empty and marked folders are replaced; a marked one holds the marker with the tool's name", () => {
  const empty = join(tmp, "empty");
  mkdirSync(empty);
  assert.equal(demo(["--days", "1", "--out", empty, "--quiet"]).status, 0);
  assert.match(readFileSync(join(empty, MARKER), "utf8"), /^p2p-cvpp \d+\.\d+\.\d+ results folder/);
  const again = demo(["--days", "2", "--out", empty, "--quiet"]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(readFileSync(join(empty, "summary.json"), "utf8")).days.length, 2);
  assert.deepEqual(
    readdirSync(tmp).filter((f) => f.startsWith(".empty.")),
    [],
    "no leftovers",
  );
});

test("the marker lists every file the run wrote, and nothing else", () => {
  const { dir } = earlierResults("listed");
  const marker = readFileSync(join(dir, MARKER), "utf8").trim().split("\n");
  const listed = marker.slice(marker.findIndex((l) => l.startsWith("Files written by the tool")) + 1);
  assert.deepEqual(
    listed,
    readdirSync(dir)
      .filter((f) => f !== MARKER)
      .sort(),
  );
  assert.ok(listed.includes("summary.json") && listed.includes("flows.csv"), listed.join(","));
});

test("a user's file and folder inside a results folder survive the next run: refused, named, nothing touched", () => {
  // issue 20 item 0: before the fix the second run exited 0 and both were gone
  const { dir, summary } = earlierResults("with-notes");
  writeFileSync(join(dir, "my-notes.txt"), "mine\n");
  mkdirSync(join(dir, "charts"));
  writeFileSync(join(dir, "charts", "a.svg"), "<svg/>\n");
  const r = demo(["--days", "2", "--out", dir]);
  oneLine(
    r,
    2,
    /with-notes: is a results folder, but holds entries this tool did not write \(charts\/, my-notes\.txt\); nothing was touched/,
    "user files",
  );
  assert.equal(readFileSync(join(dir, "my-notes.txt"), "utf8"), "mine\n");
  assert.equal(readFileSync(join(dir, "charts", "a.svg"), "utf8"), "<svg/>\n");
  assert.equal(readFileSync(join(dir, "summary.json"), "utf8"), summary, "the results are untouched too");
  oneLine(
    sweep(["--param", "battery.capacity=0,1", "--days", "1", "--out", dir]),
    2,
    /charts\/, my-notes\.txt/,
    "sweep",
  );
  // a listed name that became a folder is not ours either
  rmSync(join(dir, "my-notes.txt"));
  rmSync(join(dir, "charts"), { recursive: true });
  rmSync(join(dir, "flows.csv"));
  mkdirSync(join(dir, "flows.csv"));
  oneLine(demo(["--days", "1", "--out", dir]), 2, /\(flows\.csv\/\)/, "listed name now a folder");
  rmSync(join(dir, "flows.csv"), { recursive: true });
  // a marker of the version before markers listed files: nothing in the folder is known to be ours
  const marker = readFileSync(join(dir, MARKER), "utf8");
  writeFileSync(join(dir, MARKER), "p2p-cvpp 0.1.0 results folder\n");
  oneLine(
    demo(["--days", "1", "--out", dir]),
    2,
    /of an earlier version whose marker lists no files \(it holds battery\.csv/,
    "old marker",
  );
  writeFileSync(join(dir, MARKER), marker);
  assert.equal(demo(["--days", "1", "--out", dir, "--quiet"]).status, 0, "only listed files: replaced");
});

test("a user's folder holding only summary.json and scenario.json is not taken for a results folder", () => {
  // before the fix, a summary.json with "solver" and "audit" keys made it an "earlier version's" results folder
  const d = join(tmp, "look-alike");
  mkdirSync(d);
  const mine = JSON.stringify({ solver: "mine", audit: "mine" }) + "\n";
  writeFileSync(join(d, "summary.json"), mine);
  writeFileSync(join(d, "scenario.json"), "{}\n");
  oneLine(
    demo(["--days", "1", "--out", d]),
    2,
    /look-alike: holds files this tool did not write \(scenario\.json, summary\.json\) and no/,
    "look-alike",
  );
  assert.equal(readFileSync(join(d, "summary.json"), "utf8"), mine);
  assert.deepEqual(readdirSync(d).sort(), ["scenario.json", "summary.json"]);
});

test("a --prices file inside --out is never rewritten: refused before any work", () => {
  const { dir } = earlierResults("prices-in-out");
  const prices = join(dir, "prices.csv");
  writeFileSync(prices, "day,hour,gridPurchase\n");
  const r = demo(["--days", "1", "--out", dir, "--prices", prices]);
  oneLine(r, 2, /holds the input file .*prices\.csv/, "--prices in --out");
  assert.equal(readFileSync(prices, "utf8"), "day,hour,gridPurchase\n");
});

test("the library's single-file exports list their file in the marker; a user's file beside them is refused", async () => {
  const d = join(tmp, "lib-exports");
  writeFileIntoResults(d, "a.csv", "x\n");
  writeFileIntoResults(d, "b.csv", "y\n");
  assert.deepEqual([...(markedFiles(d) ?? [])].sort(), ["a.csv", "b.csv"]);
  await writeFolderAtomically(d, { "c.csv": "z\n" }); // only listed files: replaced as a whole
  assert.deepEqual(readdirSync(d).sort(), [MARKER, "c.csv"].sort());
  writeFileSync(join(d, "mine.txt"), "mine\n");
  assert.throws(
    () => writeFileIntoResults(d, "c.csv", "w\n"),
    /lib-exports: is a results folder, but holds an entry this tool did not write \(mine\.txt\)/,
  );
  await assert.rejects(writeFolderAtomically(d, { "c.csv": "w\n" }), InputError);
  assert.equal(readFileSync(join(d, "c.csv"), "utf8"), "z\n");
  assert.equal(readFileSync(join(d, "mine.txt"), "utf8"), "mine\n");
  // Node's recursive mkdirSync loops for ever under /proc: one level at a time, a WriteError
  assert.throws(() => writeFileIntoResults("/proc/x/y", "a.csv", "x\n"), WriteError);
});

test("a file given in pieces is written whole; one that fails part-way leaves the earlier results as they were", async () => {
  const d = join(tmp, "pieces");
  // 3 × 40 000 characters: more than one write chunk (65 536), written in order, nothing lost at the seams
  const pieces = ["a", "b", "c"].map((c) => c.repeat(40_000) + "\n");
  // and 30 000 short lines with a two-byte character each: many buffers, cut between lines
  const lines = Array.from({ length: 30_000 }, (_, i) => `${i},é\n`);
  await writeFolderAtomically(d, { "big.csv": pieces, "lines.csv": lines, "small.csv": "x\n" });
  assert.equal(readFileSync(join(d, "big.csv"), "utf8"), pieces.join(""));
  assert.equal(readFileSync(join(d, "lines.csv"), "utf8"), lines.join(""));
  assert.deepEqual([...(markedFiles(d) ?? [])].sort(), ["big.csv", "lines.csv", "small.csv"]);
  function* failing(): Generator<string> {
    yield "half a table\n";
    throw new Error("a table that cannot be made");
  }
  await assert.rejects(writeFolderAtomically(d, { "big.csv": failing(), "small.csv": "y\n" }));
  assert.equal(readFileSync(join(d, "big.csv"), "utf8"), pieces.join(""), "the earlier results stay");
  assert.equal(readFileSync(join(d, "small.csv"), "utf8"), "x\n");
  assert.deepEqual(
    readdirSync(tmp).filter((e) => e.startsWith(".pieces.")),
    [],
    "no temporary folder left",
  );
});

test("writeFolderAtomically refuses a user's folder and a file (library)", async () => {
  const d = thesisFolder("lib-thesis");
  await assert.rejects(writeFolderAtomically(d, { "a.csv": "x\n" }), InputError);
  thesisIntact(d);
  assert.throws(() => checkOutputFolder(""), /--out: must name a folder/);
});

// ---- write failures: one line naming the path, exit 1, earlier results intact ----

for (const [what, env, message] of [
  [
    "a full disk (ENOSPC)",
    { FAIL_FS_OP: "writeSync", FAIL_FS_CODE: "ENOSPC" },
    /no space left on the device \(ENOSPC\)/,
  ],
  [
    "a read-only file system (EROFS)",
    { FAIL_FS_OP: "mkdirSync", FAIL_FS_CODE: "EROFS", FAIL_FS_MATCH: "ro-" },
    /read-only \(EROFS\)/,
  ],
  [
    "no permission (EACCES)",
    { FAIL_FS_OP: "openSync", FAIL_FS_CODE: "EACCES", FAIL_FS_MATCH: "ro-" },
    /permission denied \(EACCES\)/,
  ],
  [
    "a busy folder (EBUSY)",
    { FAIL_FS_OP: "renameSync", FAIL_FS_CODE: "EBUSY", FAIL_FS_MATCH: "ro-" },
    /in use \(EBUSY\)/,
  ],
  [
    "a race with another run (ENOTEMPTY)",
    { FAIL_FS_OP: "renameSync", FAIL_FS_CODE: "ENOTEMPTY", FAIL_FS_MATCH: ".tmp-" },
    /another run .* \(ENOTEMPTY\)/,
  ],
] as const) {
  test(`writing the results hits ${what}: one line, exit 1, the earlier results intact`, () => {
    const { dir, summary } = earlierResults(`ro-${env.FAIL_FS_CODE}`);
    const r = demo(["--days", "2", "--out", dir, "--quiet"], env, true);
    oneLine(r, 1, message, what);
    assert.match(r.stderr, new RegExp(`cannot write .*ro-${env.FAIL_FS_CODE}`), `${what}: names the path`);
    assert.equal(readFileSync(join(dir, "summary.json"), "utf8"), summary, `${what}: earlier results intact`);
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.startsWith(`.ro-${env.FAIL_FS_CODE}.`)),
      [],
      `${what}: no leftovers`,
    );
  });
}

test("--out through a file, into /proc, or empty: one line each, nothing solved", () => {
  const f = join(tmp, "plain.txt");
  writeFileSync(f, "x\n");
  oneLine(
    demo(["--days", "1", "--out", join(f, "sub")]),
    1,
    /cannot write .*plain\.txt.*a part of the path is a file, not a folder \(ENOTDIR\)|cannot write .*\(EEXIST\)/,
    "FILE/sub",
  );
  assert.equal(readFileSync(f, "utf8"), "x\n");
  oneLine(demo(["--days", "1", "--out", "/proc/x"]), 1, /cannot write \/proc\/x/, "/proc/x");
  oneLine(demo(["--days", "1", "--out", ""]), 2, /--out: must name a folder, got an empty string/, "--out ''");
});

// ---- leftovers of killed runs ----

const DEAD = 99_999_999; // above Linux's pid_max: no such process
function marked(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), markerText(Object.keys(files)));
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
}

test("killed between the two renames: the previous results are put back from .NAME.old-PID", () => {
  const parent = mkdtempSync(join(tmp, "left-"));
  marked(join(parent, `.demo.old-${DEAD}`), { "summary.json": "previous\n" });
  marked(join(parent, `.demo.tmp-${DEAD}`), { "summary.json": "half\n" });
  const notes = recoverLeftovers(join(parent, "demo"));
  assert.equal(notes.length, 2);
  assert.equal(readFileSync(join(parent, "demo", "summary.json"), "utf8"), "previous\n");
  assert.deepEqual(readdirSync(parent), ["demo"]);
});

test("leftovers are only touched when marked and their process is gone", () => {
  const parent = mkdtempSync(join(tmp, "left-"));
  mkdirSync(join(parent, `.demo.tmp-${DEAD}`)); // not marked: a user's folder with an odd name
  writeFileSync(join(parent, `.demo.tmp-${DEAD}`, "mine.txt"), "mine\n");
  marked(join(parent, `.demo.tmp-${process.ppid}`), { "summary.json": "a running process's\n" }); // alive
  marked(join(parent, "demo"), { "summary.json": "current\n" });
  marked(join(parent, `.demo.old-${DEAD}`), { "summary.json": "stale\n" }); // demo exists: this is stale
  recoverLeftovers(join(parent, "demo"));
  assert.deepEqual(readdirSync(parent).sort(), [`.demo.tmp-${DEAD}`, `.demo.tmp-${process.ppid}`, "demo"].sort());
  assert.equal(readFileSync(join(parent, "demo", "summary.json"), "utf8"), "current\n");
  assert.equal(readFileSync(join(parent, `.demo.tmp-${DEAD}`, "mine.txt"), "utf8"), "mine\n");
});

test("a CLI run after a kill recovers: says so, leaves no leftover, writes its results", () => {
  const parent = mkdtempSync(join(tmp, "left-"));
  marked(join(parent, `.demo.old-${DEAD}`), { "summary.json": "{}\n" });
  marked(join(parent, `.demo.tmp-${DEAD}`), {});
  const r = demo(["--days", "1", "--out", join(parent, "demo"), "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /put back the previous results from .*\.demo\.old-99999999/);
  assert.deepEqual(readdirSync(parent), ["demo"]);
  assert.equal(JSON.parse(readFileSync(join(parent, "demo", "summary.json"), "utf8")).days.length, 1);
});

test("kills at random moments never lose the previous results; the next run cleans up", async () => {
  const { dir } = earlierResults("killed");
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const KILLS = 8;
  for (let k = 0; k < KILLS; k++) {
    const child = spawn(process.execPath, [DEMO_CLI, "--days", "3", "--out", dir, "--quiet"], { stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 150 + rand() * 1200))]);
    child.kill("SIGKILL");
    await exited;
    // the results are there, whole (the old or the new set), or held in a marked .old- folder
    const held = existsSync(join(dir, "summary.json"))
      ? dir
      : readdirSync(tmp)
          .filter((f) => f.startsWith(".killed.old-"))
          .map((f) => join(tmp, f))[0];
    assert.ok(held, `kill ${k}: the previous results are somewhere`);
    JSON.parse(readFileSync(join(held, "summary.json"), "utf8"));
    recoverLeftovers(dir);
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.startsWith(".killed.")),
      [],
      `kill ${k}: leftovers cleaned`,
    );
    assert.ok(existsSync(join(dir, MARKER)) && existsSync(join(dir, "summary.json")), `kill ${k}: results in place`);
  }
});

test("the library's errors: InputError for a user's folder, WriteError for the file system", async () => {
  const f = join(tmp, "lib-file.txt");
  writeFileSync(f, "x");
  await assert.rejects(writeFolderAtomically(join(f, "sub"), { "a.csv": "1\n" }), WriteError);
  await assert.rejects(writeFolderAtomically(f, { "a.csv": "1\n" }), InputError);
});
