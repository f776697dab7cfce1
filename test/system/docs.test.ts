// The repository explains itself: every relative link in README.md and
// docs/ points to a file of the repository (and, with a #fragment, to a
// heading of that file), and nothing points outside it (the shared
// workspace beside the repository that the project was written in).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";

/** The workspace beside the repository, spelled in parts so that this file does not name it. */
const SHARED = ["..", "shared"].join("/");
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * Pages written on other branches and linked already; a link to one of them
 * is accepted while the file is missing, and checked like any other once it
 * exists. Empty: every linked page is in the repository.
 */
const COMING: ReadonlySet<string> = new Set<string>();

/** Markdown text without fenced code blocks. */
const unfenced = (md: string) => md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");

/** Markdown text without fenced code blocks and inline code spans (links there are not links). */
const prose = (md: string) => unfenced(md).replace(/`[^`\n]*`/g, "");

/** `[text](target)` targets, with their line numbers. */
function links(md: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  prose(md)
    .split("\n")
    .forEach((text, i) => {
      for (const m of text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
        out.push({ target: m[1], line: i + 1 });
    });
  return out;
}

/**
 * The anchors GitHub gives a page's headings: lower case, punctuation other
 * than `-` and `_` dropped, each space a `-`; repeats get `-1`, `-2`, ….
 */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of unfenced(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

const rel = (p: string) => relative(ROOT, p).split(sep).join("/");

function markdownFiles(): string[] {
  const out = [join(ROOT, "README.md")];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md")) out.push(p);
    }
  };
  if (existsSync(join(ROOT, "docs"))) walk(join(ROOT, "docs"));
  return out;
}

/** Every broken relative link of the given markdown files, one line each. */
function brokenLinks(files: readonly string[], read: (p: string) => string | null): string[] {
  const out: string[] = [];
  for (const file of files) {
    const md = read(file);
    if (md === null) continue;
    for (const { target, line } of links(md)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, fragment] = target.split("#", 2);
      const dest = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${rel(file)}:${line}: ${target}`;
      if (!rel(dest) || rel(dest).startsWith("..")) {
        out.push(`${where} points outside the repository`);
        continue;
      }
      const text = read(dest);
      if (text === null) {
        if (!(COMING.has(rel(dest)) && !existsSync(dest))) out.push(`${where}: no such file`);
        continue;
      }
      if (fragment && dest.endsWith(".md") && !anchors(text).has(fragment))
        out.push(`${where}: no heading #${fragment} in ${rel(dest)}`);
    }
  }
  return out;
}

const readFile = (p: string): string | null => {
  if (!existsSync(p)) return null;
  return statSync(p).isDirectory() ? "" : readFileSync(p, "utf8");
};

describe("documentation", () => {
  it("GitHub's heading anchors, as this test computes them", () => {
    // worked by hand from GitHub's rule (lower case, punctuation dropped, spaces → "-")
    assert.deepEqual(
      [
        ...anchors(
          [
            "# How to cite",
            "## scenario.json",
            "## prices.csv (optional: prices that change by day and hour)",
            "## One answer per day (tie-break rules)",
            "## Synthetic data (the demo's recipe)",
            "## Fairness: share gaining and the Gini index of savings",
            "## Savings (`savings.csv`)",
            "```",
            "# not a heading",
            "```",
            "## How to cite",
          ].join("\n"),
        ),
      ],
      [
        "how-to-cite",
        "scenariojson",
        "pricescsv-optional-prices-that-change-by-day-and-hour",
        "one-answer-per-day-tie-break-rules",
        "synthetic-data-the-demos-recipe",
        "fairness-share-gaining-and-the-gini-index-of-savings",
        "savings-savingscsv",
        "how-to-cite-1",
      ],
    );
  });

  it("the link checker finds missing files, missing headings and links leaving the repository", () => {
    const files: Record<string, string> = {
      [join(ROOT, "README.md")]:
        `[a](docs/a.md#there) [b](docs/a.md#nowhere) [c](docs/none.md) [d](${SHARED}/MODEL.md) \`[e](docs/none.md)\` [f](https://example.org)`,
      [join(ROOT, "docs", "a.md")]: "# There",
    };
    assert.deepEqual(
      brokenLinks([join(ROOT, "README.md")], (p) => files[p] ?? null),
      [
        "README.md:1: docs/a.md#nowhere: no heading #nowhere in docs/a.md",
        "README.md:1: docs/none.md: no such file",
        `README.md:1: ${SHARED}/MODEL.md points outside the repository`,
      ],
    );
  });

  it("every relative link in README.md and docs/ resolves inside the repository", () => {
    const files = markdownFiles();
    assert.ok(
      files.some((f) => rel(f) === "docs/model.md"),
      "docs/model.md exists",
    );
    assert.deepEqual(brokenLinks(files, readFile), []);
  });

  it("no tracked file points to the shared workspace", () => {
    let hits = "";
    try {
      hits = execFileSync("git", ["grep", "-n", "-I", "-e", `${SHARED}/`, "--", "."], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
      });
    } catch (e) {
      if ((e as { status?: number }).status !== 1) throw e; // 1: nothing found
    }
    assert.equal(hits, "");
  });
});
