// What a batch shows: on stderr, one line per event prefixed with the counts (done, running, queued,
// failed), and on a terminal a counts line redrawn at the bottom; with --json, one JSON line per job
// on stdout when its outcome is known, so a script can read each job as it ends.
import type { Job } from "./jobs.js";

/** How a job ended in this run (or had ended before it). */
export type JobOutcome = "done" | "failed" | "maybe_received" | "not_sent" | "wait_error" | "interrupted";

export interface JobReport {
  line: number;
  job: string;
  model: string;
  status: JobOutcome;
  task_id: string | null;
  file: string | null;
  message: string | null;
}

export interface Counts {
  done: number;
  running: number;
  queued: number;
  failed: number;
}

export const countsText = ({ done, running, queued, failed }: Counts) =>
  `${done} done · ${running} running · ${queued} queued · ${failed} failed`;

export function batchReporter(json: boolean, stream: NodeJS.WriteStream = process.stderr) {
  const counts: Counts = { done: 0, running: 0, queued: 0, failed: 0 };
  const reported = new Set<string>();
  const running = new Set<string>();
  const tty = Boolean(stream.isTTY);
  const footer = () => {
    if (tty) stream.write(`\r${countsText(counts)}\x1b[K`);
  };
  const say = (job: Job, text: string) => {
    stream.write(`${tty ? "\r\x1b[K" : ""}[${countsText(counts)}] line ${job.line}: ${text}\n`);
    footer();
  };
  return {
    counts,
    say,
    /** A queued job starts: submitted, or waited for. */
    start(job: Job) {
      counts.queued--;
      counts.running++;
      running.add(job.id);
    },
    /** The job's one line: counted, said, and printed as JSON with --json. Once per job. */
    end(job: Job, status: JobOutcome, details: { taskId?: string; file?: string; message?: string } = {}) {
      if (reported.has(job.id)) return;
      reported.add(job.id);
      if (running.delete(job.id)) counts.running--;
      if (status === "done") counts.done++;
      else if (status !== "interrupted") counts.failed++;
      const report: JobReport = {
        line: job.line,
        job: job.id,
        model: job.model,
        status,
        task_id: details.taskId ?? null,
        file: details.file ?? null,
        message: details.message ?? null,
      };
      const text =
        status === "done"
          ? `done: ${details.file}`
          : `${status.replace("_", " ")}${details.message ? `: ${details.message}` : ""}`;
      say(job, `${details.taskId ? `task ${details.taskId} ` : ""}${text}`);
      if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    },
    finish() {
      if (tty) stream.write("\r\x1b[K");
      stream.write(`${countsText(counts)}\n`);
    },
  };
}

export type BatchReporter = ReturnType<typeof batchReporter>;
