// Progress of a wait: a bar on a terminal (its clock ticks between polls), one plain line per change
// otherwise (logs, CI, pipes).
import { SingleBar } from "cli-progress";
import type { Progress } from "../client/core.js";

const shortStatus = (status: string) => status.replace(/^TASK_STATUS_/, "").toLowerCase();

export interface Reporter {
  update(progress: Progress): void;
  /** Ends the display; `succeeded` fills the bar. */
  stop(succeeded?: boolean): void;
}

export function progressReporter(stream: NodeJS.WriteStream): Reporter {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: "{status} |{bar}| {percentage}% | eta {eta_s} | {elapsed}s elapsed",
      hideCursor: true,
      clearOnComplete: false,
    });
    const started = Date.now();
    let ticker: NodeJS.Timeout | undefined;
    const elapsed = () => ({ elapsed: Math.round((Date.now() - started) / 1000) });
    return {
      update({ status, percent, eta }) {
        const payload = {
          status: shortStatus(status).padEnd(10),
          eta_s: eta === undefined ? "?" : `${Math.round(eta)}s`,
          ...elapsed(),
        };
        if (ticker) bar.update(Math.round(percent ?? 0), payload);
        else {
          bar.start(100, Math.round(percent ?? 0), payload);
          ticker = setInterval(() => bar.update(elapsed()), 1000);
        }
      },
      stop(succeeded) {
        if (!ticker) return;
        clearInterval(ticker);
        if (succeeded) bar.update(100, { status: "succeed".padEnd(10), eta_s: "0s", ...elapsed() });
        bar.stop();
        ticker = undefined;
      },
    };
  }
  let last = "";
  return {
    update({ status, percent, eta, elapsedMs }) {
      const line = `${shortStatus(status)} ${Math.round(percent ?? 0)}%${eta === undefined ? "" : ` eta ${Math.round(eta)}s`}`;
      if (line !== last) stream.write(`${line} (${Math.round(elapsedMs / 1000)}s elapsed)\n`);
      last = line;
    },
    stop() {},
  };
}
