// novita-vidu/mock/node: the mock's fetch handler served by node:http, for `novita-vidu mock`,
// `npm start` and tests. Besides the API it serves the bundled spec and, when given one, the docs page.
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { PACKAGE_ROOT } from "./docs-site.mjs";
import { FAVICON_SVG } from "./favicon.mjs";
import { hasOwn } from "./bounds.js";
import { notImplemented, refuse } from "./http.js";
import { createMockHandler, type MockHandler, type MockOptions } from "./index.js";

export * from "./index.js";

export interface MockServerOptions extends MockOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`: only this machine can reach the mock. */
  host?: string;
  /** Called with one line per request answered. Default: silent. */
  log?: (line: string) => void;
  /** A page to serve at `/docs` (read on each request), and `/` redirects there. Default: none. */
  docsPage?: string;
  /** A docs site to serve, as `npm run docs` writes it: path in the site (`index.html`, `jsonschema/Task.json`)
   * to the file that fills it. The page is served at `/docs` and `/docs/`, the other files under `/docs/` and,
   * so that the page's relative links work from `/docs` too, at the root. Default: none. */
  docsSite?: Record<string, string>;
  /** The folder holding `openapi.json` and `openapi.yaml`, served at `/openapi.json` and `/openapi.yaml`.
   * Default: the package's `generated/`. */
  specDir?: string;
}

export interface MockServer {
  /** The mock's base URL, such as `http://127.0.0.1:4010`: its own bound address, whatever `Host` a client sends. */
  url: string;
  /** The fetch handler behind the server. */
  handler: MockHandler;
  /** Stops the server (dropping open connections) and the handler's webhook deliveries; safe to call twice. */
  close(): Promise<void>;
}

/** Methods that fetch's `Request` cannot carry, so the mock does not implement them (501, not a crash). */
const UNSUPPORTED_METHODS = new Set(["TRACE", "CONNECT"]);
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

/** Shown at /docs while the docs page is not built. */
const DOCS_NOT_BUILT = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>novita-vidu docs not built</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The docs are not built yet</h1>
<p>Run <code>npm run docs</code> to build <code>generated/docs/index.html</code>, then reload this page.</p>
<p>Meanwhile the bundled spec is at <a href="/openapi.yaml">/openapi.yaml</a> and <a href="/openapi.json">/openapi.json</a>.</p>
</body>
</html>
`;

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  json: "application/json",
  yaml: "application/yaml",
  svg: "image/svg+xml",
  css: "text/css",
};

/** A file read whole (no descriptor stays open, however the download ends), or undefined when it is missing. */
const readOrUndefined = (path: string) => readFile(path).catch(() => undefined);

/** Writes a fetch Response to a node:http response. */
async function send(response: Response, res: http.ServerResponse, head: boolean) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body || head) return void res.end();
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
  res.on("close", () => body.destroy());
  body.pipe(res);
}

/** Starts the mock API on `host:port` and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = "127.0.0.1", log = () => {}, docsPage, docsSite = {} } = options;
  const specDir = options.specDir ?? join(PACKAGE_ROOT, "generated");
  type Static = () => Promise<[Uint8Array | string, string] | undefined>;
  const file =
    (path: string, type: string, fallback?: string): Static =>
    async () => {
      const body = (await readOrUndefined(path)) ?? fallback;
      return body === undefined ? undefined : [body, type];
    };
  // A Map: a request's path is looked up among the files served, never among an object's inherited names.
  const statics = new Map<string, Static>([
    ["/openapi.json", file(join(specDir, "openapi.json"), "application/json")],
    ["/openapi.yaml", file(join(specDir, "openapi.yaml"), "application/yaml")],
    ["/openapi-3.0.json", file(join(specDir, "openapi-3.0.json"), "application/json")],
    ["/openapi-3.0.yaml", file(join(specDir, "openapi-3.0.yaml"), "application/yaml")],
  ]);
  const serveDocsPage = (page: Static) => statics.set("/docs", page).set("/docs/", page);
  if (docsPage) serveDocsPage(file(docsPage, "text/html; charset=utf-8", DOCS_NOT_BUILT));
  for (const [name, path] of Object.entries(docsSite)) {
    const extension = name.split(".").pop() ?? "";
    const type = (hasOwn(TYPES, extension) ? TYPES[extension] : undefined) ?? "application/octet-stream";
    if (name === "index.html") serveDocsPage(file(path, type, DOCS_NOT_BUILT));
    else {
      const served = statics.get(`/${name}`) ?? file(path, type);
      statics.set(`/docs/${name}`, served).set(`/${name}`, served);
    }
  }
  const hasDocs = statics.has("/docs");
  // The package's icon, so a browser's request for it is not a 404.
  statics.set("/favicon.ico", async () => [FAVICON_SVG, "image/svg+xml"]);

  const server = http.createServer((req, res) => {
    res.on("finish", () => log(`${req.method} ${req.url} → ${res.statusCode}`));
    serve(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) void send(refuse(500, "MOCK_ERROR", `The mock failed: ${message}`), res, false);
      else res.destroy();
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    if (UNSUPPORTED_METHODS.has(method)) return send(notImplemented(method), res, false);
    // Only a path: an absolute URL in the request line must not choose the origin of the answers.
    if (!path.startsWith("/"))
      return send(refuse(400, "INVALID_REQUEST", "The request target must be a path."), res, false);
    const pathname = path.split("?")[0] ?? "/";
    if (method === "GET" || method === "HEAD") {
      if (hasDocs && pathname === "/") return void res.writeHead(302, { Location: "/docs" }).end();
      const file = await statics.get(pathname)?.();
      if (file) {
        const [body, type] = file;
        res.writeHead(200, { "Content-Type": type, "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache" });
        return void res.end(method === "HEAD" ? undefined : body);
      }
    }
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1]!);
    }
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(`${url}${path}`, {
      method,
      headers,
      signal: aborted.signal,
      ...(hasBody && { body: Readable.toWeb(req) as ReadableStream, duplex: "half" }),
    } as RequestInit);
    const response = await handler(request);
    if (hasBody) req.resume(); // the rest of a body the mock did not read
    await send(response, res, method === "HEAD");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}`;
  // Defined once the address is known; requests are only served after this (they arrive as later I/O events).
  const handler = createMockHandler({ ...options, baseUrl: options.baseUrl ?? url });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      handler.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  return { url, handler, close };
}
