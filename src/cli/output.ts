// How the CLI ends: one exit code per kind of ending, and with --json one JSON document on stdout
// whatever happened (the result, or what failed, with the task's result when there is one). Text and
// progress go to stderr, so stdout holds only what a script reads (or the video, with `--out -`).
import { CommanderError } from "commander";
import {
  ViduAbortError,
  ViduApiError,
  ViduConnectionError,
  ViduError,
  ViduTaskFailedError,
  ViduValidationError,
  ViduWaitTimeoutError,
} from "../client/errors.js";
import { ViduDownloadError } from "../download/errors.js";
import { UsageError } from "./shared/errors.js";

export const EXIT = {
  ok: 0, // done
  failed: 1, // the API, the task or the download failed
  usage: 2, // bad input: nothing was sent
  interrupted: 130, // Ctrl-C: 128 + SIGINT
} as const;

/** `--out -`: the video goes to stdout. */
export const STDOUT = "-";

export const print = (text: string): void => void process.stdout.write(`${text}\n`);
export const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));
export const say = (text: string): void => void process.stderr.write(`${text}\n`);

/** The flags that decide where a task is read from and saved to: what a resume command repeats. */
export interface Where {
  baseUrl?: string | undefined;
  mock?: boolean | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
}

/** A word as a POSIX shell reads it back: quoted only when it must be. */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** `novita-vidu wait <id>` with the flags in effect (never the key: it stays in NOVITA_API_KEY). */
export function resumeCommand(taskId: string, where: Where): string {
  const words = ["novita-vidu", "wait", taskId];
  if (where.baseUrl !== undefined) words.push("--base-url", where.baseUrl);
  if (where.mock) words.push("--mock");
  if (where.out !== undefined) words.push("--out", where.out);
  if (where.force) words.push("--force");
  return words.map(shellWord).join(" ");
}

/** An ending after the task exists, with the exit code it takes and how to resume. */
export class Stopped extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly taskId: string,
    readonly resume: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** What kind of ending an error is, as `--json` names it, and its exit code. */
export function classify(error: unknown): { type: string; code: number } {
  if (error instanceof Stopped)
    return { type: error.code === EXIT.interrupted ? "interrupted" : classify(error.cause).type, code: error.code };
  if (error instanceof CommanderError || error instanceof UsageError || error instanceof ViduValidationError)
    return { type: "usage", code: EXIT.usage };
  if (error instanceof ViduTaskFailedError) return { type: "task_failed", code: EXIT.failed };
  if (error instanceof ViduWaitTimeoutError) return { type: "wait_timeout", code: EXIT.failed };
  if (error instanceof ViduAbortError) return { type: "interrupted", code: EXIT.interrupted };
  if (error instanceof ViduApiError) return { type: "api", code: EXIT.failed };
  if (error instanceof ViduConnectionError) return { type: "connection", code: EXIT.failed };
  if (error instanceof ViduDownloadError) return { type: "download", code: EXIT.failed };
  if (error instanceof ViduError) return { type: "error", code: EXIT.failed };
  return { type: "error", code: EXIT.failed };
}

/** An error's message; a validation error's issues, each naming its field. */
export const messageOf = (error: unknown): string => {
  if (error instanceof ViduValidationError) return error.issues.map((i) => i.message).join("; ");
  return error instanceof Error ? error.message : String(error);
};

/** The JSON document of a failure: the task's last result (when there is one) and an `error` saying what happened. */
export function failureDocument(error: unknown): Record<string, unknown> {
  const inner = error instanceof Stopped ? error.cause : error;
  const { type, code } = classify(error);
  const result =
    inner instanceof ViduTaskFailedError || inner instanceof ViduWaitTimeoutError ? inner.result : undefined;
  const taskId = error instanceof Stopped ? error.taskId : inner instanceof ViduError ? inner.taskId : undefined;
  return {
    ...result,
    error: {
      type,
      exit_code: code,
      message: messageOf(error),
      ...(inner instanceof ViduTaskFailedError && { reason: inner.reason, failure_code: inner.failureCode ?? null }),
      ...(inner instanceof ViduApiError && { status: inner.status, reason: inner.reason }),
      ...(inner instanceof ViduDownloadError && { reason: inner.reason, status: inner.status ?? null }),
      ...(taskId !== undefined && { task_id: taskId }),
      ...(error instanceof Stopped && { resume: error.resume }),
    },
  };
}

/** Ends the process after an error: one line (and the resume command) on stderr, the document on stdout with --json. */
export function exitWith(error: unknown, json: boolean): never {
  const { type, code } = classify(error);
  // Commander has already printed its own message (worded like ours).
  if (!(error instanceof CommanderError)) {
    const message = messageOf(error);
    if (type === "usage") say(`novita-vidu: ${message} (nothing was sent)`);
    else if (error instanceof Stopped) say(`${code === EXIT.interrupted ? "\n" : ""}novita-vidu: ${message}`);
    else say(`novita-vidu: ${message}`);
    if (error instanceof Stopped) say(`Resume with: ${error.resume}`);
  }
  if (json && !(error instanceof CommanderError && error.exitCode === 0)) printJson(failureDocument(error));
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? EXIT.ok : code);
}

/** Whether the command line asks for JSON (read before parsing, so a usage error is answered in JSON too). */
export const wantsJson = (argv: string[]): boolean => {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
};
