// Checks of the CLI's own flags, all made before anything is sent: a flag found wrong after a billed
// submit would cost a task. Each failure is a UsageError naming the flag (exit 2).
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { TASK_ID } from "../client/core.js";
import { UsageError } from "./shared/errors.js";

/** Names that differ by at most this many edits are offered as "did you mean". */
const NEAR = 3;

/**
 * Where `--out` may write: a regular file or a new name, in a folder that exists and can be written.
 * A directory, a device or a FIFO is refused: the video is renamed over the target when complete.
 */
export async function outFile(flag: string, path: string): Promise<string> {
  const file = resolve(path);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${flag} ${path} is a directory: name a file`);
  if (info && !info.isFile()) throw new UsageError(`${flag} ${path} is not a regular file`);
  await writableFolder(flag, path, dirname(file));
  return file;
}

export async function writableFolder(flag: string, path: string, folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`);
  await access(folder, constants.W_OK).catch(() => {
    throw new UsageError(`${flag} ${path}: the folder ${folder} cannot be written`);
  });
}

/** The default file for a task's video: its id is checked again, so no path is built from an answer unchecked. */
export function defaultOut(taskId: string): string {
  const name = `${taskId}.mp4`;
  if (!TASK_ID.test(taskId) || basename(name) !== name) {
    throw new UsageError(`the task id ${JSON.stringify(taskId)} cannot name a file: pass --out`);
  }
  return resolve(name);
}

/** Levenshtein distance, for suggestions among a few dozen short names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** The most names a suggestion offers. */
const SUGGESTIONS = 3;
/** Longer input is cut before comparing: the work stays bounded whatever is typed. */
const LONGEST_GIVEN = 100;

const squeeze = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, "");
const tokens = (name: string) =>
  name
    .toLowerCase()
    .split(/[-_.\s]+/)
    .filter(Boolean);

/**
 * The names meant by `given`, best first: names it is part of (`q3-turbo-i2v`, `vidu-q3-turbo`; the
 * closest in length first), else the names fewest edits away (at most NEAR), else names with all its
 * words in another order. At most SUGGESTIONS.
 */
export function suggestions(given: string, names: string[]): string[] {
  const cut = given.slice(0, LONGEST_GIVEN);
  const g = squeeze(cut);
  if (!g) return [];
  const words = tokens(cut);
  const ranked = names.flatMap((name) => {
    const n = squeeze(name);
    if (n.includes(g)) return [{ name, rank: 0, by: n.length - g.length }];
    const d = distance(g, n);
    if (d <= NEAR) return [{ name, rank: 1, by: d }];
    const own = tokens(name);
    if (words.length > 1 && words.every((w) => own.includes(w))) return [{ name, rank: 2, by: own.length }];
    return [];
  });
  ranked.sort((x, y) => x.rank - y.rank || x.by - y.by || x.name.localeCompare(y.name));
  // A typo has one meaning: of the names a few edits away, only the nearest are offered.
  const [best] = ranked;
  const kept = best?.rank === 1 ? ranked.filter((r) => r.rank === 1 && r.by === best.by) : ranked;
  return kept.slice(0, SUGGESTIONS).map((r) => r.name);
}

/** ` Did you mean x?` (or `x, y or z?`) when names are near `given`, else "". */
export function didYouMean(given: string, names: string[]): string {
  const near = suggestions(given, names);
  if (!near.length) return "";
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near.at(-1)}`;
  return ` Did you mean ${list}?`;
}

/** A short answer to a model that is not one: the suggestions, not every key (`novita-vidu models` lists them). */
export const unknownModel = (given: string, keys: string[]): string =>
  `unknown model "${given.slice(0, LONGEST_GIVEN)}".${didYouMean(given, keys) || " Run `novita-vidu models` to list them."}`;
