// Progress of a wait. On a terminal: one line redrawn in place that fits the terminal's width (parts
// are dropped, least useful first, rather than wrapped), whose estimate counts down between polls
// from the last `eta`, and that ends with a "done" or "failed" line. Elsewhere (logs, CI, pipes):
// one plain line per change.
import type { Progress } from "../client/core.js";

export type Outcome = "done" | "failed";

export interface Reporter {
  update(progress: Progress): void;
  /** Ends the display with a last line saying how it ended; without an outcome, clears it. Safe to call twice. */
  stop(outcome?: Outcome): void;
}

/** What the line shows at one moment. */
export interface LineState {
  status: string;
  /** 0 to 100. */
  percent: number;
  /** Seconds left, when there is an estimate. */
  etaS: number | undefined;
  elapsedS: number;
}

/** The widest bar, and the narrowest worth drawing. */
const BAR_MAX = 40;
const BAR_MIN = 10;
/** Redraws per second on a terminal. */
const TICK_MS = 500;
/** Without `columns` (a terminal that does not say), the width assumed. */
const DEFAULT_COLUMNS = 80;

const shortStatus = (status: string) => status.replace(/^TASK_STATUS_/, "").toLowerCase();

/** `45s`, `4m05s` past a minute, `1h02m` past an hour. */
export function duration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
}

const bar = (percent: number, width: number) => {
  const full = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return `${"█".repeat(full)}${"░".repeat(width - full)}`;
};

/**
 * The line for `state` in `columns` columns: at most `columns - 1` characters (a line that fills the
 * last column wraps on some terminals). The bar takes what the text leaves, up to BAR_MAX; when the
 * text alone does not fit, the elapsed time goes first, then the status, then the estimate.
 */
export function progressLine(state: LineState, columns: number): string {
  const room = Math.max(1, columns - 1);
  const percent = `${Math.round(state.percent)}%`;
  const eta = state.etaS === undefined ? "" : `eta ${duration(state.etaS)}`;
  const elapsed = `${duration(state.elapsedS)} elapsed`;
  const variants = [
    { head: state.status.padEnd(10), tail: [eta, elapsed] },
    { head: state.status.padEnd(10), tail: [eta] },
    { head: "", tail: [eta] },
  ];
  const line = (head: string, middle: string, tail: string[]) =>
    [head, middle].filter(Boolean).join(" ") +
    tail
      .filter(Boolean)
      .map((part) => ` · ${part}`)
      .join("");
  for (const { head, tail } of variants) {
    const barWidth = Math.min(BAR_MAX, room - line(head, `${percent} `, tail).length);
    if (barWidth >= BAR_MIN) return line(head, `${bar(state.percent, barWidth)} ${percent}`, tail);
  }
  for (const { head, tail } of variants) {
    const text = line(head.trim(), percent, tail);
    if (text.length <= room) return text;
  }
  return percent.slice(0, room);
}

/** The last line: how the wait ended and how long it took. */
export const endLine = (outcome: Outcome, elapsedS: number): string =>
  outcome === "done" ? `✔ done in ${duration(elapsedS)}` : `✘ failed after ${duration(elapsedS)}`;

/**
 * Between polls, the estimate counts down from the last `eta`, and the percentage moves towards 100 in
 * step with it (held below 100 until the task says it is done).
 */
export function between(last: LineState, sinceS: number): LineState {
  if (last.etaS === undefined) return { ...last, elapsedS: last.elapsedS + sinceS };
  const etaS = Math.max(0, last.etaS - sinceS);
  const share = last.etaS > 0 ? Math.min(1, sinceS / last.etaS) : 0;
  const percent = Math.min(99, last.percent + (100 - last.percent) * share);
  return { ...last, etaS, percent: Math.max(last.percent, percent), elapsedS: last.elapsedS + sinceS };
}

const stateOf = ({ status, percent, eta, elapsedMs }: Progress): LineState => ({
  status: shortStatus(status),
  percent: percent ?? 0,
  etaS: eta,
  elapsedS: elapsedMs / 1000,
});

export function progressReporter(stream: NodeJS.WriteStream, now: () => number = Date.now): Reporter {
  return stream.isTTY ? terminalReporter(stream, now) : plainReporter(stream);
}

function terminalReporter(stream: NodeJS.WriteStream, now: () => number): Reporter {
  let last: LineState | undefined;
  let polledAt = 0;
  let ticker: NodeJS.Timeout | undefined;
  const draw = (line: string, end = "") => stream.write(`\r${line}\x1b[K${end}`);
  const current = () => (last ? between(last, (now() - polledAt) / 1000) : undefined);
  const redraw = () => {
    const state = current();
    if (state) draw(progressLine(state, stream.columns || DEFAULT_COLUMNS));
  };
  return {
    update(progress) {
      // A poll that reports less than the line already showed (the count-up between polls ran ahead
      // of the server's figure) holds the line where it was: a bar never moves backwards.
      const shown = current()?.percent ?? 0;
      const next = stateOf(progress);
      last = { ...next, percent: Math.max(next.percent, shown) };
      polledAt = now();
      redraw();
      ticker ??= setInterval(redraw, TICK_MS).unref();
    },
    stop(outcome) {
      clearInterval(ticker);
      ticker = undefined;
      const state = current();
      last = undefined;
      if (!state) return;
      draw(outcome ? endLine(outcome, state.elapsedS) : "", outcome ? "\n" : "");
    },
  };
}

function plainReporter(stream: NodeJS.WriteStream): Reporter {
  let shown = "";
  let elapsedS: number | undefined;
  return {
    update(progress) {
      const state = stateOf(progress);
      elapsedS = state.elapsedS;
      const line = `${state.status} ${Math.round(state.percent)}%${state.etaS === undefined ? "" : ` eta ${duration(state.etaS)}`}`;
      if (line !== shown) stream.write(`${line} (${duration(state.elapsedS)} elapsed)\n`);
      shown = line;
    },
    stop(outcome) {
      if (outcome && elapsedS !== undefined) stream.write(`${endLine(outcome, elapsedS)}\n`);
      elapsedS = undefined;
    },
  };
}
