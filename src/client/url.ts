// URLs the package is given: a base URL (the client's, the CLI's `--base-url`) and the paths of
// model descriptors. Checked as parsed URLs, once, so that no request goes where it was not meant to.

/** A host on this machine: the mock, or a proxy the developer runs. */
export const isLoopback = (hostname: string) => /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/i.test(hostname);

/**
 * Why `value` cannot be a base URL (an http(s) URL with no credentials, query or fragment), or the URL
 * without its trailing slashes. `name` is what the caller set, for the message.
 */
export function baseUrlOf(value: unknown, name: string): string | { problem: string } {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    // Refused below.
  }
  if (typeof value !== "string" || !url || !/^https?:$/.test(url.protocol))
    return { problem: `${name} must be an http(s) URL` };
  // Credentials would be sent to every path and quoted in messages; fetch refuses them anyway.
  if (url.username || url.password) return { problem: `${name} must not hold a user name or password` };
  if (url.search || url.hash) return { problem: `${name} must not have a query or a fragment` };
  return url.href.replace(/\/+$/, "");
}

/** A model path: one plain segment under /v3/async/ (no `..`, no escapes), so it stays under the base URL. */
export const isModelPath = (path: unknown): path is `/v3/async/${string}` =>
  typeof path === "string" && /^\/v3\/async\/(?!\.\.?$)[\w.-]+$/.test(path);
