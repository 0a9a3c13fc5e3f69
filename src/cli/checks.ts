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

/** ` Did you mean x?` when one name is near `given`, else "". */
export function didYouMean(given: string, names: string[]): string {
  const [best] = names
    .map((name) => ({ name, d: distance(given.toLowerCase(), name.toLowerCase()) }))
    .filter(({ d }) => d <= NEAR)
    .sort((x, y) => x.d - y.d);
  return best ? ` Did you mean ${best.name}?` : "";
}
