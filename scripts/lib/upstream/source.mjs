// Where a page comes from: a file, a URL, or a bare endpoint name that stands for Novita's Markdown
// page of that endpoint. Fetches are bounded in time and size: a page is a few KB, and what a server
// answers is untrusted.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { MAX_TIMER_MS } from "../../../src/transport/timer.mjs";

export const DEFAULT_BASE_URL = "https://novita.ai/docs/api-reference/";
/** A reference page is 2–4 KB; anything near this is not one. */
export const MAX_PAGE_BYTES = 1024 * 1024;
export const TIMEOUT_MS = 15_000;

/**
 * Why `value` cannot be a fetch's timeout, or undefined when it can: a whole number of ms from 1 to
 * 2^31-1, as a number or as the digits of a flag.
 * @param {unknown} value @param {string} [name] how the caller calls it
 */
export function timeoutProblem(value, name = "timeoutMs") {
  const ms = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(ms) && /** @type {number} */ (ms) >= 1 && /** @type {number} */ (ms) <= MAX_TIMER_MS
    ? undefined
    : `${name} must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (got ${JSON.stringify(value)})`;
}

export class SourceError extends Error {}

/** `vidu-q2-turbo-img2video` from `…/model-apis-vidu-q2-turbo-img2video.md`, or undefined. */
export const endpointFromName = (/** @type {string} */ name) =>
  /(?:^|[/\\])model-apis-([A-Za-z0-9._-]+?)(?:\.(?:md|mdx|markdown|txt|html?))?$/.exec(name)?.[1];

/**
 * @typedef {{ label: string, file?: string, url?: URL, nameEndpoint: string | undefined }} Location
 * @param {string} argument a file path, an http(s) URL, or an endpoint name
 * @param {string} baseUrl where `model-apis-<endpoint>.md` pages live
 * @returns {Location}
 */
export function locate(argument, baseUrl = DEFAULT_BASE_URL) {
  if (/^https?:\/\//i.test(argument)) {
    const url = new URL(argument);
    return { label: argument, url, nameEndpoint: endpointFromName(url.pathname) };
  }
  if (existsSync(argument))
    return { label: argument, file: argument, nameEndpoint: endpointFromName(basename(argument)) };
  if (/^[a-z0-9][a-z0-9._-]*$/i.test(argument) && !/\.(md|mdx|txt)$/i.test(argument)) {
    const url = new URL(`model-apis-${argument}.md`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
    return { label: url.href, url, nameEndpoint: argument };
  }
  throw new SourceError("no such file, and not a URL or an endpoint name");
}

/**
 * The page's text.
 * @param {Location} location
 * @param {{ timeoutMs?: number, maxBytes?: number, fetch?: typeof fetch }} [options]
 */
export async function readPage(
  location,
  { timeoutMs = TIMEOUT_MS, maxBytes = MAX_PAGE_BYTES, fetch = globalThis.fetch } = {},
) {
  if (location.file) {
    const { size } = statSync(location.file);
    if (size > maxBytes) throw new SourceError(`${size} bytes, more than the ${maxBytes} a page may have`);
    return readFileSync(location.file, "utf8");
  }
  if (!location.url) throw new SourceError("nothing to read");
  const problem = timeoutProblem(timeoutMs);
  if (problem) throw new SourceError(problem);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(location.url, {
      signal,
      headers: { accept: "text/markdown, text/plain;q=0.9, */*;q=0.1" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceError(`HTTP ${response.status} ${response.statusText}`.trim());
    }
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new SourceError(`${declared} bytes, more than the ${maxBytes} a page may have`);
    }
    if (!response.body) return "";
    const chunks = [];
    let bytes = 0;
    for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (response.body))) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new SourceError(`more than the ${maxBytes} bytes a page may have`);
      chunks.push(chunk);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (signal.aborted) throw new SourceError(`no whole answer within ${timeoutMs} ms`);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new SourceError(`cannot fetch: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
