// How the CLI reads the numbers and URLs people type: one rule each, for every flag and variable.
import { MAX_TIMER_MS } from "../../client/options.js";
import { httpUrl } from "../../client/url.js";
import { UsageError } from "./errors.js";

/**
 * A decimal number as people write it (`5`, `-1`, `2.5`), else undefined: `Number()` would also
 * take `0x10`, `0b1`, `1e1`, `Infinity`, `" "` and `""`.
 */
export function decimal(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

/** A decimal number for `flag`, or a UsageError naming it. */
export function numberFlag(flag: string, text: string): number {
  const value = decimal(text);
  if (value === undefined) throw new UsageError(`${flag} must be a number (got "${text}")`);
  return value;
}

/** The longest wait a flag may ask for: what a timer can hold (longer fires at once). */
const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** A positive decimal number of seconds for `flag` (not `0x5`, `1e3`, `-1` or `abc`), in ms. */
export function seconds(flag: string, text: unknown): number {
  const value = String(text);
  const n = decimal(value);
  if (n === undefined || !(n > 0)) {
    throw new UsageError(`${flag} must be a positive number of seconds (got "${value}")`);
  }
  if (n > MAX_SECONDS) throw new UsageError(`${flag} must be at most ${MAX_SECONDS} seconds (got "${value}")`);
  return n * 1000;
}

/** A whole number from 0 to `max` (a port, a count, milliseconds), else undefined. */
export function wholeNumber(text: string, max: number): number | undefined {
  const value = decimal(text);
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
}

/** An http(s) URL for `flag`, as typed, or a UsageError naming the flag. */
export function urlFlag(flag: string, text: string): string {
  const url = httpUrl(text);
  if (typeof url === "string") throw new UsageError(`${flag} ${url} (got "${text}")`);
  return text;
}
