// Everything after a task exists, for `run` and `wait`: the flags checked before the billed submit,
// the wait with progress, the video saved (to a file, or to stdout with `--out -`), and every ending
// that is not a success turned into a Stopped error that says how to resume with the same flags.
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { TaskResult, ViduClient } from "../index.js";
import { ViduError, ViduTaskFailedError } from "../client/errors.js";
import { UsageError } from "./shared/errors.js";
import { defaultOut, outFile, writableFolder } from "./checks.js";
import { seconds } from "./shared/parse.js";
import { fetchVideo } from "../download/core.js";
import { downloadVideo, type DownloadVideoOptions } from "../download/node.js";
import { EXIT, print, printJson, resumeCommand, say, STDOUT, Stopped } from "./output.js";
import { progressReporter } from "./progress.js";

export interface Saving {
  baseUrl?: string;
  mock?: boolean;
  json?: boolean;
  out?: string;
  force?: boolean;
  timeout: string;
  downloadTimeout: string;
}

export interface Plan {
  timeoutMs: number;
  stallMs: number;
  out: string | undefined;
}

/** An existing file is replaced only with --force: a video saved earlier is not lost to a typo. */
async function refuseExisting(flag: string, file: string, force: boolean | undefined) {
  if (!force && (await stat(file).catch(() => undefined)))
    throw new UsageError(`${flag} ${file} exists: pass --force to replace it, or name another file`);
}

/** The saving flags, checked before anything is sent. */
export async function savingPlan(options: Saving, defaultName: boolean): Promise<Plan> {
  const timeoutMs = seconds("--timeout", options.timeout);
  const stallMs = seconds("--download-timeout", options.downloadTimeout);
  if (options.out === STDOUT && options.json)
    throw new UsageError("--out - writes the video to stdout, where --json writes its document: drop one");
  let out: string | undefined;
  if (options.out === STDOUT) out = STDOUT;
  else if (options.out !== undefined) {
    out = await outFile("--out", options.out);
    await refuseExisting("--out", out, options.force);
  }
  // The default name is `<task_id>.mp4` here: this folder must take it.
  else if (defaultName) await writableFolder("--out", "(default)", process.cwd());
  return { timeoutMs, stallMs, out };
}

/** Saves the task's video to `out`, or streams it to stdout (checked as it arrives; nothing else goes there). */
async function save(vidu: ViduClient, result: TaskResult, out: string, options: DownloadVideoOptions) {
  if (out !== STDOUT) return downloadVideo(result, out, { ...options, client: vidu });
  const video = await fetchVideo(result, { ...options, client: vidu });
  let bytes = 0;
  const body = Readable.fromWeb(video.stream as NodeReadableStream<Uint8Array>);
  body.on("data", (chunk: Uint8Array) => (bytes += chunk.length));
  await pipeline(body, process.stdout, { end: false });
  return { file: STDOUT, bytes };
}

/**
 * Waits for `taskId` with progress, saves the video, prints the result. Ctrl-C (exit 130) or any
 * failure throws a Stopped error naming the command that resumes; no partial video is left behind.
 */
export async function afterSubmit(vidu: ViduClient, taskId: string, options: Saving, plan: Plan, defaultName = false) {
  let out = plan.out;
  const where = () => ({ baseUrl: options.baseUrl, mock: options.mock, out, force: options.force });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted (Ctrl-C)"));
  process.once("SIGINT", onSignal);
  // On a terminal, progress shows in every mode: it goes to stderr, never into the JSON.
  const progress = options.json && !process.stderr.isTTY ? undefined : progressReporter(process.stderr);
  // With the video on stdout, the text that would go there goes to stderr.
  const tell = out === STDOUT || options.json ? say : print;
  try {
    const result: TaskResult = await vidu.wait(taskId, {
      signal: controller.signal,
      onProgress: (p) => progress?.update(p),
      timeoutMs: plan.timeoutMs,
    });
    progress?.stop("done");
    let saved;
    if (out === undefined && defaultName) {
      out = defaultOut(taskId);
      await refuseExisting("the default file", out, options.force);
    }
    if (out !== undefined) {
      const url = result.videos?.[0]?.video_url;
      if (!url) throw new ViduError("the task succeeded without a video URL");
      if (progress) say(`downloading ${url}`);
      // An existing file was refused before the submit unless --force; one that appeared since is kept.
      saved = await save(vidu, result, out, {
        stallMs: plan.stallMs,
        signal: controller.signal,
        overwrite: Boolean(options.force),
      });
    }
    if (options.json) return printJson(saved ? { ...result, file: saved.file } : result);
    const url = result.videos?.[0]?.video_url;
    tell(`✔ task ${taskId} succeeded${url ? `: ${url}` : ""}`);
    if (saved)
      tell(`✔ saved ${saved.file === STDOUT ? "to stdout" : saved.file} (${(saved.bytes / 1024).toFixed(1)} KB)`);
  } catch (error) {
    progress?.stop("failed");
    // A failed task cannot be resumed: its result says why.
    if (error instanceof ViduTaskFailedError) throw error;
    const resume = resumeCommand(taskId, where());
    if (controller.signal.aborted)
      throw new Stopped("stopped; the task goes on", EXIT.interrupted, taskId, resume, error);
    const message = error instanceof Error ? error.message : String(error);
    throw new Stopped(message, EXIT.failed, taskId, resume, error);
  } finally {
    progress?.stop();
    process.off("SIGINT", onSignal);
  }
}
