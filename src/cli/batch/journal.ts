// The batch's journal: a file of JSON lines beside the jobs file, appended and fsynced before and
// after each submit, so that whatever kills the process (Ctrl-C, SIGKILL, a reboot) the next run knows
// which jobs have a task. It is append-only: a line is whole or, when the crash came mid-write, a torn
// last line that is dropped; nothing already written is rewritten. A lock file keeps two runs apart.
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "../shared/errors.js";

/** What happened to a job, in the order it happens. */
export type JournalEvent =
  | { event: "submitting"; out: string }
  | { event: "submitted"; task_id: string }
  /** The submit may have reached Novita without an id coming back: never sent again unasked. */
  | { event: "maybe_received"; message: string }
  /** Answered 429: nothing was created, and the batch sends it again when the pause is over. */
  | { event: "rate_limited" }
  /** The submit surely created nothing (refused, or never sent): --retry-failed sends it again. */
  | { event: "not_sent"; message: string }
  | { event: "failed"; task_id: string; reason: string }
  /** Waiting or downloading failed: the next run waits for the same task again. */
  | { event: "wait_error"; task_id: string; message: string }
  | { event: "done"; task_id: string; file: string };

export type Entry = JournalEvent & { job: string; at: string };

/** A job's state, from its entries: what the next run does with it. */
export interface JobState {
  /** Its task, once a submit answered with one. */
  taskId?: string;
  out?: string;
  /** The last event that decides: none (never submitted), or one of the journal's events. */
  last?: JournalEvent["event"];
  message?: string | undefined;
}

/** Bounds a journal read: a few hundred bytes per event, a few events per job. */
const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

export const journalPath = (jobsFile: string) => `${jobsFile}.journal`;

/** Every job's state, replayed from the journal (none when it does not exist yet). */
export function replay(path: string): Map<string, JobState> {
  const states = new Map<string, JobState>();
  let text: string;
  try {
    if (statSync(path).size > MAX_JOURNAL_BYTES)
      throw new UsageError(`${path} is larger than ${MAX_JOURNAL_BYTES >> 20} MB`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return states;
    throw error;
  }
  const lines = text.split("\n");
  // A last line without its newline was torn by a crash: what it said did not happen.
  if (!text.endsWith("\n")) lines.pop();
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new UsageError(`${path} line ${index + 1} is not JSON: the journal was changed by hand`);
    }
    const state = states.get(entry.job) ?? {};
    states.set(entry.job, state);
    state.last = entry.event;
    if (entry.event === "submitting") {
      state.out = entry.out;
      delete state.taskId;
    }
    if ("task_id" in entry) state.taskId = entry.task_id;
    state.message = "message" in entry ? entry.message : "reason" in entry ? entry.reason : undefined;
  }
  return states;
}

export interface Journal {
  write(job: string, event: JournalEvent): void;
  close(): void;
}

/** Opens the journal for appending, holding its lock until `close`. */
export function openJournal(path: string): Journal {
  const lock = `${path}.lock`;
  takeLock(lock);
  let fd: number;
  try {
    const existed = statSync(path, { throwIfNoEntry: false });
    fd = openSync(path, "a");
    // After a torn last line, the next entry starts on a line of its own.
    if (existed && existed.size > 0 && !readFileSync(path, "utf8").endsWith("\n")) writeSync(fd, "\n");
    if (!existed) syncFolder(dirname(path)); // the file's name is durable too
  } catch (error) {
    rmSync(lock, { force: true });
    throw error;
  }
  return {
    write(job, event) {
      writeSync(fd, `${JSON.stringify({ job, ...event, at: new Date().toISOString() })}\n`);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
      rmSync(lock, { force: true });
    },
  };
}

function syncFolder(folder: string) {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the journal's own fsyncs still hold.
  } finally {
    closeSync(fd);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Creates the lock with this process's id; a lock whose process is gone (SIGKILL, a reboot) is taken over. */
function takeLock(lock: string) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(lock, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new UsageError(`another batch (pid ${pid}) is running on this jobs file; its lock is ${lock}`);
      rmSync(lock, { force: true });
    }
  }
  throw new UsageError(`cannot take the lock ${lock}`);
}
