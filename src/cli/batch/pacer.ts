// The pace of a batch's submits after a 429. The client has already retried the submit (a 429 is the
// one answer that proves no task was created, so sending it again bills nothing); when it still ends
// in 429, every submit of the batch waits out a pause that doubles with each 429 in a row.
import { sleep } from "../../transport/sleep.js";

/** The first pause, its cap, and how many 429s in a row end the batch's patience with a job. */
const FIRST_PAUSE_MS = 5_000;
const MAX_PAUSE_MS = 120_000;
const MAX_ROUNDS = 8;

export function pacer(firstPauseMs = FIRST_PAUSE_MS) {
  let notBefore = 0;
  let streak = 0;
  let pauseMs = 0;
  return {
    /** Resolves when a submit may go; rejects when `signal` aborts first. */
    async ready(signal: AbortSignal) {
      const wait = notBefore - Date.now();
      if (wait > 0) await sleep(wait, signal);
      if (signal.aborted) throw signal.reason;
    },
    /** After a 429: starts (or doubles) the pause; false once the job has met too many in a row. */
    limited(): boolean {
      streak++;
      if (streak > MAX_ROUNDS) return false;
      pauseMs = Math.min(MAX_PAUSE_MS, firstPauseMs * 2 ** (streak - 1));
      notBefore = Date.now() + pauseMs;
      return true;
    },
    pauseS: () => pauseMs / 1000,
    succeeded() {
      streak = 0;
    },
  };
}
