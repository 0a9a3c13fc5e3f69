// The one check of an http(s) URL: a base URL, a video URL from an answer, a flag. Every caller words
// the failure with its own name for the value: `${name} ${reason}`.

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
