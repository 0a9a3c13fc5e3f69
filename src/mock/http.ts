// How the mock answers, in fetch's terms: Novita's error envelope, CORS on every answer, videos in
// byte ranges, and request bodies read within a size and a nesting limit.
import { readCapped } from "../transport/read-capped.js";

/** The body of every error answer, as Novita sends it. */
export interface NovitaError {
  code: number;
  reason: string;
  message: string;
  metadata: Record<string, string>;
}

/** Beyond any documented body limit; protects the mock's memory. */
export const LARGEST_BODY_BYTES = 64 * 1024 * 1024;
/** Far deeper than any body the spec describes; a deeper one would only exhaust the stack. */
export const DEEPEST_BODY = 64;

/** Lets any origin read every answer, including the headers a front end may want. */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "X-Mock-Violations, Content-Range, Accept-Ranges, Content-Length",
};
// `*` lets front ends send any other header; Authorization must be named (the wildcard excludes it).
const PREFLIGHT = {
  ...CORS,
  "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Prefer, X-Mock-Fail, X-Mock-Latency, *",
  "Access-Control-Max-Age": "600",
};

export const novitaError = (code: number, reason: string, message: string): NovitaError => ({
  code,
  reason,
  message,
  metadata: {},
});

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS, "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

export const refuse = (status: number, reason: string, message: string, headers?: Record<string, string>) =>
  json(status, novitaError(status, reason, message), headers);

/** The methods the mock implements; any other is answered 501, as HTTP says of a method a server does not support. */
export const METHODS = ["GET", "HEAD", "POST", "OPTIONS"];
export const notImplemented = (method: string) =>
  refuse(501, "NOT_IMPLEMENTED", `The mock does not implement ${method}; it answers ${METHODS.join(", ")}.`, {
    Allow: METHODS.join(", "),
  });

export const preflight = () => new Response(null, { status: 204, headers: PREFLIGHT });

export const notFoundText = (text: string) =>
  new Response(text, { status: 404, headers: { ...CORS, "Content-Type": "text/plain; charset=utf-8" } });

/** Bytes, whole or the one range asked for (`Range: bytes=a-b`, `a-` or `-n`), as browsers ask for video. */
export function sendBytes(request: Request, bytes: Uint8Array, type: string): Response {
  const size = bytes.length;
  const headers: Record<string, string> = { ...CORS, "Content-Type": type, "Accept-Ranges": "bytes" };
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") ?? "");
  let [start, end, status] = [0, size - 1, 200];
  if (range) {
    const [, first = "", last = ""] = range;
    start = first ? Number(first) : Math.max(0, size - Number(last));
    end = first && last ? Math.min(Number(last), size - 1) : size - 1;
    if ((!first && !last) || start > end)
      return new Response(null, { status: 416, headers: { ...CORS, "Content-Range": `bytes */${size}` } });
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["Content-Length"] = String(end - start + 1);
  const body = request.method === "HEAD" ? null : bytes.slice(start, end + 1);
  return new Response(body, { status, headers });
}

/** The request's body as text, or undefined when it is larger than `limit` bytes (reading stops there). */
export const readText = (request: Request, limit = LARGEST_BODY_BYTES): Promise<string | undefined> =>
  readCapped(request.body, limit);

/** Whether JSON text nests arrays and objects deeper than `limit`, found in one pass (strings skipped). */
export function nestsDeeperThan(text: string, limit = DEEPEST_BODY): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
