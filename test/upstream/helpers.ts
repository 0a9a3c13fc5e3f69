// Runs `npm run upstream` in-process on fixture pages and on altered copies of them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../scripts/upstream.mjs";

export const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
export const fixture = (endpoint: string) => join(FIXTURES, `model-apis-${endpoint}.md`);
export const fixtureText = (endpoint: string) => readFileSync(fixture(endpoint), "utf8");

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** The check's exit code and what it printed, run in this process. */
export async function check(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    print: (line: string) => out.push(line),
    printError: (line: string) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

export interface JsonDifference {
  endpoint: string;
  field: string;
  aspect: string;
  page: unknown;
  spec: unknown;
  status: "known" | "unknown" | "stale";
  recorded?: unknown;
}

/** The check's --json result. */
export async function checkJson(...args: string[]) {
  const run = await check("--json", ...args);
  const result = JSON.parse(run.out) as {
    ok: boolean;
    counts: { unknown: number; stale: number; known: number };
    pages: { page: string; endpoint: string; fields: number; differences: JsonDifference[]; notes: string[] }[];
    errors: { page: string; message: string }[];
  };
  return { ...run, result, differences: result.pages.flatMap((p) => p.differences) };
}

/** A scratch folder for altered copies; `remove()` it after the tests. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "novita-vidu-upstream-"));
  return {
    dir,
    /** Writes `text` as `name` in the folder and returns its path. */
    write: (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Replaces exactly one occurrence of `from`, so an alteration cannot silently miss. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
