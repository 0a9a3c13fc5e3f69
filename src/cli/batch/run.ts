// `novita-vidu batch <jobs.jsonl> --out-dir <dir>`: many videos, up to --concurrency at once, that
// survive being killed. Every line is checked before anything is sent; the journal (./journal.ts) is
// written before and after each submit, so a re-run submits only the jobs that never had a task,
// waits for the others and downloads what is missing. A submit that may have reached Novita without an
// id coming back is reported, never sent again; a failed job is sent again only with --retry-failed.
import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command } from "commander";
import type { ViduClient } from "../../index.js";
import {
  ViduAbortError,
  ViduApiError,
  ViduConnectionError,
  ViduTaskFailedError,
  ViduValidationError,
} from "../../client/errors.js";
import { UsageError } from "../shared/errors.js";
import { seconds, wholeNumber } from "../shared/parse.js";
import { downloadVideo } from "../../download/node.js";
import { EXIT, messageOf, shellWord } from "../output.js";
import { readJobs, type Job } from "./jobs.js";
import { journalPath, openJournal, replay, type Journal, type JobState } from "./journal.js";
import { batchReporter, type BatchReporter } from "./report.js";
import { pacer } from "./pacer.js";

export interface BatchFlags {
  outDir: string;
  concurrency: string;
  retryFailed?: boolean;
  force?: boolean;
  json?: boolean;
  timeout: string;
  downloadTimeout: string;
  baseUrl?: string;
  mock?: boolean;
}

/** The most tasks in flight at once: Novita limits concurrent tasks per account anyway. */
const MAX_CONCURRENCY = 32;

function concurrency(text: string): number {
  const n = wholeNumber(text, MAX_CONCURRENCY);
  if (!n) throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got "${text}")`);
  return n;
}

async function outDir(path: string): Promise<string> {
  const dir = resolve(path);
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out-dir ${path} is not a folder`);
  if (!info) await mkdir(dir, { recursive: true });
  await access(dir, constants.W_OK).catch(() => {
    throw new UsageError(`--out-dir ${path} cannot be written`);
  });
  return dir;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** What this run does with a job, from what the journal says happened to it. */
type Step = { job: Job; out: string } & (
  { do: "submit" } | { do: "wait"; taskId: string } | { do: "report"; state: JobState }
);

async function plan(jobs: Job[], states: Map<string, JobState>, dir: string, flags: BatchFlags): Promise<Step[]> {
  const steps: Step[] = [];
  for (const job of jobs) {
    const state = states.get(job.id) ?? {};
    const out = state.out ?? job.out;
    const file = join(dir, out);
    const { last, taskId } = state;
    if (last === "done" && taskId && (await exists(file))) steps.push({ job, out, do: "report", state });
    else if (taskId && last !== "failed") steps.push({ job, out, do: "wait", taskId });
    else if (last === "submitting" || last === "maybe_received") steps.push({ job, out, do: "report", state });
    else if ((last === "failed" || last === "not_sent") && !flags.retryFailed)
      steps.push({ job, out, do: "report", state });
    else {
      if (!flags.force && (await exists(file)))
        throw new UsageError(`line ${job.line}: ${file} exists: pass --force to replace it, or name another "out"`);
      steps.push({ job, out, do: "submit" });
    }
  }
  return steps;
}

/** Whether a submit that failed may have created a task (and so must not be sent again unasked). */
function mayHaveCreated(error: unknown): boolean {
  if (error instanceof ViduValidationError) return false;
  if (error instanceof ViduConnectionError || error instanceof ViduAbortError) return error.maybeReceived;
  // Refusals (3xx, 4xx) created nothing; a 5xx or an answer without an id may have.
  if (error instanceof ViduApiError)
    return !(error.status >= 300 && error.status < 500) || error.reason === "MALFORMED_RESPONSE";
  return true;
}

interface Context {
  vidu: ViduClient;
  journal: Journal;
  report: BatchReporter;
  dir: string;
  timeoutMs: number;
  stallMs: number;
  signal: AbortSignal;
  pace: ReturnType<typeof pacer>;
}

async function submit(step: Step, ctx: Context): Promise<string | undefined> {
  const { job } = step;
  for (;;) {
    try {
      await ctx.pace.ready(ctx.signal);
    } catch {
      return void ctx.report.end(job, "interrupted", { message: "not submitted yet" });
    }
    ctx.journal.write(job.id, { event: "submitting", out: step.out });
    try {
      // Not aborted by Ctrl-C: a submit under way is let finish, so that its task id is journaled.
      const { task_id } = await ctx.vidu.submit(job.model as never, job.body as never);
      ctx.journal.write(job.id, { event: "submitted", task_id });
      ctx.pace.succeeded();
      ctx.report.say(job, `task ${task_id} submitted`);
      return task_id;
    } catch (error) {
      const message = messageOf(error);
      if (error instanceof ViduApiError && error.status === 429 && !ctx.signal.aborted && ctx.pace.limited()) {
        // Nothing was created: the job is sent again once the pause is over.
        ctx.journal.write(job.id, { event: "rate_limited" });
        ctx.report.say(job, `rate limited: submits pause for ${ctx.pace.pauseS()} s`);
        continue;
      }
      const event = mayHaveCreated(error) ? "maybe_received" : "not_sent";
      ctx.journal.write(job.id, { event, message });
      ctx.report.end(job, event, { message });
      return undefined;
    }
  }
}

async function waitAndSave(step: Step, taskId: string, ctx: Context) {
  const { job } = step;
  const file = join(ctx.dir, step.out);
  try {
    const result = await ctx.vidu.wait(taskId, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    // The file is this job's: a new job's was refused before its submit (unless --force), and one a
    // resumed job finds is its own video, saved whole before the run that saved it died.
    const options = { stallMs: ctx.stallMs, signal: ctx.signal, overwrite: true, client: ctx.vidu };
    await downloadVideo(result, file, options);
    ctx.journal.write(job.id, { event: "done", task_id: taskId, file });
    ctx.report.end(job, "done", { taskId, file });
  } catch (error) {
    if (ctx.signal.aborted)
      return ctx.report.end(job, "interrupted", { taskId, message: "the task goes on: run the batch again" });
    if (error instanceof ViduTaskFailedError) {
      ctx.journal.write(job.id, { event: "failed", task_id: taskId, reason: error.reason });
      return ctx.report.end(job, "failed", { taskId, message: error.reason });
    }
    const message = messageOf(error);
    ctx.journal.write(job.id, { event: "wait_error", task_id: taskId, message });
    ctx.report.end(job, "wait_error", { taskId, message: `${message}; run the batch again to wait for it` });
  }
}

function reportEarlier(step: Step & { do: "report" }, report: BatchReporter, dir: string) {
  const { last, taskId, message } = step.state;
  const details = { ...(taskId && { taskId }), ...(message && { message }) };
  if (last === "done") return report.end(step.job, "done", { ...details, file: join(dir, step.out) });
  if (last === "submitting" || last === "maybe_received") {
    const why =
      "the submit may have reached Novita without an answer: look for its task before sending it again (remove its lines from the journal to send it)";
    return report.end(step.job, "maybe_received", { ...details, message: message ? `${message}; ${why}` : why });
  }
  report.end(step.job, last === "failed" ? "failed" : "not_sent", {
    ...details,
    message: `${message ?? "failed"} (earlier run; --retry-failed sends it again)`,
  });
}

export async function runBatch(jobsFile: string, flags: BatchFlags, client: (flags: BatchFlags) => ViduClient) {
  const limit = concurrency(flags.concurrency);
  const timeoutMs = seconds("--timeout", flags.timeout);
  const stallMs = seconds("--download-timeout", flags.downloadTimeout);
  const jobs = await readJobs(jobsFile);
  const vidu = client(flags);
  const dir = await outDir(flags.outDir);
  const path = journalPath(resolve(jobsFile));
  const journal = openJournal(path);
  const report = batchReporter(Boolean(flags.json));
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error("interrupted (Ctrl-C)"));
  process.once("SIGINT", onSignal);
  try {
    const steps = await plan(jobs, replay(path), dir, flags);
    const ctx: Context = {
      vidu,
      journal,
      report,
      dir,
      timeoutMs,
      stallMs,
      signal: controller.signal,
      pace: pacer(),
    };
    const queue = steps.filter((s) => s.do !== "report");
    for (const step of steps) if (step.do === "report") reportEarlier(step, report, dir);
    report.counts.queued = queue.length;
    const worker = async () => {
      for (let step = queue.shift(); step && !controller.signal.aborted; step = queue.shift()) {
        report.start(step.job);
        const taskId = step.do === "wait" ? step.taskId : await submit(step, ctx);
        if (taskId) await waitAndSave(step, taskId, ctx);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
    for (const step of queue) report.end(step.job, "interrupted", { message: "not submitted yet" });
    report.finish();
    const { done } = report.counts;
    if (controller.signal.aborted) {
      const again = ["novita-vidu", ...process.argv.slice(2)].map(shellWord).join(" ");
      process.stderr.write(`Stopped; submitted tasks go on. Resume with: ${again}\n`);
      return EXIT.interrupted;
    }
    return done === jobs.length ? EXIT.ok : EXIT.failed;
  } finally {
    process.off("SIGINT", onSignal);
    journal.close();
  }
}

export function batchCommand(
  client: (flags: BatchFlags) => ViduClient,
  decorate: (command: Command) => Command,
): Command {
  const command = new Command("batch")
    .argument("<jobs>", "a JSON Lines file, one job a line")
    .description("Generate many videos, resuming where a killed run stopped without submitting any job twice")
    .requiredOption("--out-dir <dir>", "save each video here (created when missing)")
    .option("--concurrency <n>", `jobs at once, 1 to ${MAX_CONCURRENCY}`, "4")
    .option("--retry-failed", "submit again the jobs whose task failed or whose submit was refused")
    .option("--force", "replace a video file that exists");
  return decorate(command)
    .addHelpText("after", BATCH_HELP)
    .action(async (jobs: string, flags: BatchFlags) => {
      process.exitCode = await runBatch(jobs, flags, client);
    });
}

const BATCH_HELP = `
Each line of <jobs> is one job, checked (images read) before anything is sent:
  {"model": "vidu-q3-turbo-i2v", "image": "cat.png", "prompt": "The cat yawns", "out": "cat.mp4"}
  {"model": "vidu-q2-text2video", "body": {"prompt": "Rain on a window", "duration": 5}}
Fields are named as the model's flags (without --) or as in the body; a repeatable flag takes a list.
"out" is a file name in --out-dir (default line-<n>.mp4); paths are read from the current folder.
The journal <jobs>.journal records each submit before and after it: run the same command again to
resume. A job whose submit may have reached Novita without an answer is reported, never sent again.
Exit: 0 every video saved, 1 a job failed, 2 bad input (nothing sent), 130 interrupted.`;
