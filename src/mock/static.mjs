// Files the mock serves beside the API: the docs page, the bundled spec, and the sample video that
// every finished task points to (with byte ranges, which browsers use to play and seek a video).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const SAMPLE_VIDEO = fileURLToPath(new URL("./assets/sample.mp4", import.meta.url));
export const DOCS_PAGE = fileURLToPath(new URL("../../generated/docs/index.html", import.meta.url));
export const SPEC_FILES = {
  "/openapi.json": {
    path: fileURLToPath(new URL("../../generated/openapi.json", import.meta.url)),
    type: "application/json",
  },
  "/openapi.yaml": {
    path: fileURLToPath(new URL("../../generated/openapi.yaml", import.meta.url)),
    type: "application/yaml",
  },
};

/** Shown at /docs until the docs page is built. */
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

/**
 * @typedef {import("node:http").IncomingMessage} Request
 * @typedef {import("node:http").ServerResponse} Response
 */

/** Whether a file exists, without throwing. */
export const fileExists = (/** @type {string} */ path) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * Sends a file, whole or the one byte range asked for (`Range: bytes=a-b`, `a-` or `-n`).
 * @param {Request} req
 * @param {Response} res
 * @param {string} path
 * @param {string} type
 */
export async function sendFile(req, res, path, type) {
  const { size } = await stat(path);
  res.setHeader("Content-Type", type);
  res.setHeader("Accept-Ranges", "bytes");
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
  let start = 0;
  let end = size - 1;
  if (range) {
    const [, first = "", last = ""] = range;
    start = first ? Number(first) : Math.max(0, size - Number(last));
    end = first && last ? Math.min(Number(last), size - 1) : size - 1;
    if ((!first && !last) || start > end) {
      res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
      return;
    }
    res.statusCode = 206;
    res.setHeader("Content-Range", `bytes ${start}-${end}/${size}`);
  }
  res.setHeader("Content-Length", end - start + 1);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(path, { start, end }).pipe(res);
}

/**
 * The docs page if it has been built, else a page that says how to build it.
 * @param {Request} req
 * @param {Response} res
 * @param {string} docsPage
 */
export async function sendDocs(req, res, docsPage) {
  if (await fileExists(docsPage)) return sendFile(req, res, docsPage, "text/html; charset=utf-8");
  res
    .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
    .end(req.method === "HEAD" ? undefined : DOCS_NOT_BUILT);
}
