// The client's options, checked when it is created: a bad one fails there, naming the option (and
// never quoting the key or a header's value), rather than as a raw TypeError on the first request.
import { invalid, ViduError } from "./errors.js";
import type { ViduClientOptions } from "./core.js";
import type { RetryOptions } from "../transport/transport.js";
import { baseUrlOf, isLoopback } from "./url.js";

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
/** The longest delay setTimeout takes; a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const option = (field: string, message: string) => invalid("options", [{ field, rule: "option", message }]);

/** Why a key cannot be sent as `Bearer <key>`, without quoting it; undefined when it can. */
export function apiKeyProblem(key: string, name = "apiKey"): string | undefined {
  const bad = /[^\x21-\x7e]/.exec(key);
  return bad
    ? `${name} must be printable ASCII with no spaces or line breaks (character ${bad.index + 1} is not)`
    : undefined;
}

export function checkDuration(field: string, value: unknown, max = Infinity) {
  if (typeof value !== "number" || !(value > 0 && value <= max)) {
    throw option(field, `${field} must be a positive number of milliseconds${max < Infinity ? ` up to ${max}` : ""}`);
  }
}

/**
 * Extra headers a Request can carry, checked here so that a bad one fails when the client is created,
 * naming the header but not quoting its value (it may be a secret), instead of a raw TypeError later.
 */
function checkHeaders(headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers.${name}`;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw option("headers", `${JSON.stringify(name)} is not a header name`);
    if (/^authorization$/i.test(name)) throw option(field, `${field}: pass the key as apiKey`);
    if (typeof value !== "string" || /[\0\r\n]/.test(value))
      throw option(field, `${field} must be a string with no line breaks`);
  }
  return headers;
}

/** The base URL, checked as a parsed URL (see ./url.ts); `name` is what the caller set. */
function checkBaseUrl(value: string, name: string): string {
  const url = baseUrlOf(value);
  if (typeof url !== "string") throw option(name, `${name} ${url.problem}`);
  return url;
}

/** Each retry option's most, and what it counts; the least is 0. */
const RETRY_LIMITS = {
  retries: [100, "a whole number"],
  firstBackoffCapMs: [MAX_TIMER_MS, "a number of milliseconds"],
  maxDelayMs: [MAX_TIMER_MS, "a number of milliseconds"],
} as const;

function checkRetry(retry: RetryOptions | false = {}): RetryOptions | false {
  if (retry === false) return retry;
  for (const [name, [max, what]] of Object.entries(RETRY_LIMITS)) {
    const value = retry[name as keyof RetryOptions];
    const whole = name !== "retries" || Number.isInteger(value);
    if (value !== undefined && !(typeof value === "number" && value >= 0 && value <= max && whole))
      throw option(`retry.${name}`, `retry.${name} must be ${what} from 0 to ${max}`);
  }
  return retry;
}

/** The options every request depends on, checked; defaults from the environment as the CLI takes them. */
export function checkOptions(options: ViduClientOptions) {
  const apiKey = options.apiKey ?? env("NOVITA_API_KEY");
  if (!apiKey) throw option("apiKey", "No API key: pass { apiKey } or set NOVITA_API_KEY");
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw option("apiKey", keyProblem);
  const baseUrl =
    options.baseUrl !== undefined
      ? checkBaseUrl(options.baseUrl, "baseUrl")
      : checkBaseUrl(env("NOVITA_BASE_URL") || "https://api.novita.ai", "NOVITA_BASE_URL");
  // Keys in front ends leak; a server on this machine (the mock) is fine.
  if (typeof document !== "undefined" && !isLoopback(new URL(baseUrl).hostname) && !options.dangerouslyAllowBrowser) {
    throw new ViduError(
      "A key in a browser page can be read by anyone who opens it: call Novita from a server, or pass { dangerouslyAllowBrowser: true }",
    );
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  checkDuration("requestTimeoutMs", requestTimeoutMs, MAX_TIMER_MS);
  return {
    apiKey,
    baseUrl,
    requestTimeoutMs,
    headers: checkHeaders(options.headers),
    retry: checkRetry(options.retry),
  };
}
