// URLs the package is given: a base URL (the client's, the CLI's `--base-url`), a video URL from an
// answer, a flag, and the paths of model descriptors. Checked as parsed URLs, once, so that no
// request goes where it was not meant to. Every caller words a failure with its own name for the
// value: `${name} ${reason}`.

/** What an http(s) URL check says of a value that is not one. */
export const NOT_HTTP_URL = "must be an http(s) URL";

/** `text` as a URL when it is an absolute http: or https: URL; otherwise the reason it is not (NOT_HTTP_URL). */
export function httpUrl(text: string): URL | typeof NOT_HTTP_URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return NOT_HTTP_URL;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url : NOT_HTTP_URL;
}

/** An absolute URL whose host is on this machine: the mock, or a proxy the developer runs. */
export const isLoopback = (url: string) => /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/i.test(new URL(url).hostname);

/**
 * `value` as a base URL, or the reason it cannot be one (as httpUrl answers): an http(s) URL with no
 * credentials (they would go to every path and into messages), query or fragment.
 */
export function baseUrlOf(value: unknown): URL | string {
  const url = typeof value === "string" ? httpUrl(value) : NOT_HTTP_URL;
  if (url === NOT_HTTP_URL) return url;
  if (url.username || url.password) return "must not hold a user name or password";
  if (url.search || url.hash) return "must not have a query or a fragment";
  return url;
}

/** A model path: one plain segment under /v3/async/ (no `..`, no escapes), so it stays under the base URL. */
export const isModelPath = (path: unknown): path is `/v3/async/${string}` =>
  typeof path === "string" && /^\/v3\/async\/(?!\.\.?$)[\w.-]+$/.test(path);
