// The webhook route under node:http or Express: an IncomingMessage becomes a Request (its body a stream
// the route reads with its cap), and the route's Response is written back.
import { Readable } from "node:stream";

/**
 * What the adapter uses of node:http's request (Express's extends it). Declared here rather than
 * imported, so that a project without @types/node can still typecheck against the package.
 */
export interface NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  rawHeaders: string[];
  readableEnded: boolean;
  /** What a body parser mounted before the route left. */
  body?: unknown;
  destroy(): unknown;
}
/** What the adapter uses of node:http's response. */
export interface NodeResponse {
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  writeHead(status: number): unknown;
  end(chunk: Uint8Array | string, callback?: () => void): unknown;
}

/** Turns a fetch-native handler (such as createWebhookHandler's) into a node:http / Express one. */
export function toNodeHandler(handler: (request: Request) => Promise<Response>) {
  return (req: NodeRequest, res: NodeResponse): void => {
    void serve(handler, req, res).catch(() => {
      if (!res.headersSent) {
        res.setHeader("Content-Type", "text/plain");
        res.writeHead(500);
      }
      res.end("The webhook route failed.");
    });
  };
}

async function serve(handler: (request: Request) => Promise<Response>, req: NodeRequest, res: NodeResponse) {
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = method !== "GET" && method !== "HEAD";
  // A body parser mounted before the route has read the stream already: its result is what is left.
  const parsed = req.body;
  const body = !hasBody
    ? undefined
    : typeof parsed === "string" || parsed instanceof Uint8Array
      ? parsed
      : parsed !== undefined && typeof parsed === "object" && req.readableEnded
        ? JSON.stringify(parsed)
        : (Readable.toWeb(req as unknown as Readable) as ReadableStream<Uint8Array>);
  // A body read again from the parser's result has a length of its own.
  if (body !== undefined && !(body instanceof ReadableStream)) headers.delete("content-length");
  // The path only: the Host header is the sender's to choose, and the route does not use it.
  const request = new Request(new URL(req.url ?? "/", "http://localhost"), {
    method,
    headers,
    ...(body !== undefined && { body, duplex: "half" }),
  } as RequestInit);
  const response = await handler(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // A body left unread (one refused as too large) is not read to its end: the connection closes instead.
  if (hasBody && !req.readableEnded) res.setHeader("Connection", "close");
  res.writeHead(response.status);
  res.end(bytes, () => {
    if (!req.readableEnded) req.destroy();
  });
}
