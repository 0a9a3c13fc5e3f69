// The client's options, checked when it is created: a bad one fails there, naming the option (and
// never quoting the key or a header's value), rather than as a raw TypeError on the first request.
import { invalid, ViduError } from "./errors.js";
import type { ViduClientOptions } from "./core.js";
import type { RetryOptions } from "../transport/transport.js";
import { baseUrlOf, isLoopback } from "./url.js";
import { MAX_TIMER_MS } from "../transport/timer.mjs";

const env = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
export { MAX_TIMER_MS };

export const option = (field: string, message: string) => invalid("options", [{ field, rule: "option", message }]);

export function checkDuration(field: string, value: unknown, max = Infinity) {
  if (typeof value !== "number" || !(value > 0 && value <= max))
    throw option(field, `${field} must be a positive number of milliseconds${max < Infinity ? ` up to ${max}` : ""}`);
}

/**
 * Extra headers a Request can carry, checked here so that a bad one fails when the client is created,
 * naming the header but not quoting its value (it may be a secret), instead of a raw TypeError later.
 */
function checkHeaders(headers: Record<string, string>) {
  for (const name in headers) {
    const field = `headers.${name}`;
    const value: unknown = headers[name];
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw option("headers", `${JSON.stringify(name)} is not a header name`);
    if (/^authorization$/i.test(name)) throw option(field, `${field}: pass the key as apiKey`);
    if (typeof value !== "string" || /[\0\r\n]/.test(value))
      throw option(field, `${field} must be a string with no line breaks`);
  }
}

/** The base URL without its trailing slashes, checked as a parsed URL (./url.ts); `name` is what the caller set. */
function checkBaseUrl(value: unknown, name: string): string {
  const url = baseUrlOf(value);
  if (typeof url === "string") throw option(name, `${name} ${url}`);
  return url.href.replace(/\/+$/, "");
}

/** Each retry option's range starts at 0; `retries` is a whole number up to 100, the others are delays. */
function checkRetry(retry: RetryOptions | false) {
  if (retry)
    for (const name of ["retries", "firstBackoffCapMs", "maxDelayMs"] as const) {
      const value = retry[name];
      const whole = name === "retries";
      const max = whole ? 100 : MAX_TIMER_MS;
      if (
        value !== undefined &&
        !(typeof value === "number" && value >= 0 && value <= max && (!whole || value % 1 === 0))
      )
        throw option(
          `retry.${name}`,
          `retry.${name} must be ${whole ? "a whole number" : "a number of milliseconds"} from 0 to ${max}`,
        );
    }
}

/** The options every request depends on, checked; defaults from the environment as the CLI takes them. */
export function checkOptions(options: ViduClientOptions) {
  const { apiKey = env("NOVITA_API_KEY"), headers = {}, retry = {} } = options;
  if (!apiKey) throw option("apiKey", "No API key: pass { apiKey } or set NOVITA_API_KEY");
  // A key goes as `Bearer <key>`: named, never quoted, when a header cannot carry it.
  const bad = /[^\x21-\x7e]/.exec(apiKey);
  if (bad)
    throw option(
      "apiKey",
      `apiKey must be printable ASCII with no spaces or line breaks (character ${bad.index + 1} is not)`,
    );
  const baseUrl =
    options.baseUrl !== undefined
      ? checkBaseUrl(options.baseUrl, "baseUrl")
      : checkBaseUrl(env("NOVITA_BASE_URL") || "https://api.novita.ai", "NOVITA_BASE_URL");
  // Keys in front ends leak; a server on this machine (the mock) is fine.
  if (typeof document !== "undefined" && !isLoopback(baseUrl) && !options.dangerouslyAllowBrowser) {
    throw new ViduError(
      "A key in a browser page can be read by anyone who opens it: call Novita from a server, or pass { dangerouslyAllowBrowser: true }",
    );
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  checkDuration("requestTimeoutMs", requestTimeoutMs, MAX_TIMER_MS);
  checkHeaders(headers);
  checkRetry(retry);
  return { apiKey, baseUrl, requestTimeoutMs, headers, retry };
}
