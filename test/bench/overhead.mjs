// Per-request cost: the client's submit and task-result read against a local HTTP server, next to
// raw fetch and bare openapi-fetch doing the same requests, as requests per second.
import { createServer } from "node:http";
import createClient from "openapi-fetch";

const BODY = { images: ["https://example.com/a.png"], prompt: "rain starts", duration: 8, resolution: "1080p" };
const RESULT = JSON.stringify({
  task: { task_id: "t", status: "TASK_STATUS_SUCCEED", progress_percent: 100, eta: 0 },
  videos: [{ video_url: "https://example.com/t.mp4", video_url_ttl: "3600", video_type: "mp4" }],
});

function startServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.method === "POST" ? '{"task_id":"t"}' : RESULT);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function rate(count, send) {
  for (let i = 0; i < 200; i++) await send(); // warm up connections and the JIT
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await send();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

export async function requestOverhead(createViduClient, count = 3000) {
  const server = await startServer();
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const headers = { Authorization: "Bearer k", "Content-Type": "application/json" };
  const api = createClient({ baseUrl, headers });
  const vidu = createViduClient({ apiKey: "k", baseUrl });
  const submitUrl = `${baseUrl}/v3/async/vidu-q3-turbo-i2v`;
  const resultUrl = `${baseUrl}/v3/async/task-result?task_id=t`;
  const rows = {
    submit: {
      "raw fetch": await rate(count, async () =>
        (await fetch(submitUrl, { method: "POST", headers, body: JSON.stringify(BODY) })).json(),
      ),
      "openapi-fetch": await rate(count, () => api.POST("/v3/async/vidu-q3-turbo-i2v", { body: BODY })),
      "novita-vidu": await rate(count, () => vidu.submit("vidu-q3-turbo-i2v", BODY)),
    },
    "task result": {
      "raw fetch": await rate(count, async () => (await fetch(resultUrl, { headers })).json()),
      "openapi-fetch": await rate(count, () =>
        api.GET("/v3/async/task-result", { params: { query: { task_id: "t" } } }),
      ),
      "novita-vidu": await rate(count, () => vidu.wait("t")),
    },
  };
  await new Promise((resolve) => server.close(resolve));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadClient } = await import("./load-client.mjs");
  const { createViduClient } = await loadClient();
  const rows = await requestOverhead(createViduClient);
  for (const [operation, rates] of Object.entries(rows)) {
    const ratio = rates["novita-vidu"] / rates["openapi-fetch"];
    console.log(
      `${ratio >= 0.9 ? "✔" : "✘"} ${operation.padEnd(12)} ${Object.entries(rates)
        .map(([name, r]) => `${name} ${Math.round(r)}/s`)
        .join("  ")}  → ${ratio.toFixed(2)}× openapi-fetch (target ≥ 0.9)`,
    );
  }
  process.exit(0);
}
