// The mock under load: requests per second it holds with 50 concurrent clients, with zero errors.
// Submits are validated by the generated validators; task-result reads compute the task's state.
import { Agent, request } from "node:http";
import { ensureBuilt } from "./mock-start.mjs";

const CONCURRENCY = 50;
const BODY = JSON.stringify({ images: ["https://example.com/a.png"], prompt: "rain starts", duration: 5 });

function send(agent, url, method, body) {
  return new Promise((resolve) => {
    const req = request(url, {
      method,
      agent,
      headers: { authorization: "Bearer load-test", "content-type": "application/json" },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", (error) => resolve({ status: 0, text: error.message }));
    req.end(body);
  });
}

/** Runs `total` requests from CONCURRENCY clients; returns requests per second and the errors. */
async function load(total, next) {
  let started = 0;
  let errors = 0;
  const begin = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < total) {
        started++;
        const { status } = await next();
        if (status !== 200) errors++;
      }
    }),
  );
  return { rps: total / (Number(process.hrtime.bigint() - begin) / 1e9), errors, requests: total };
}

export async function mockLoad({ submits = 1000, reads = 5000 } = {}) {
  ensureBuilt();
  const { startMockServer } = await import("../../dist/mock/node.js");
  const mock = await startMockServer({ port: 0, timings: { queuedMs: 1000, processingMs: 5000 } });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const { text } = await send(agent, `${mock.url}/v3/async/vidu-q3-turbo-i2v`, "POST", BODY);
    const resultUrl = `${mock.url}/v3/async/task-result?task_id=${JSON.parse(text).task_id}`;
    await load(200, () => send(agent, resultUrl, "GET")); // warm up
    return {
      submit: await load(submits, () => send(agent, `${mock.url}/v3/async/vidu-q3-turbo-i2v`, "POST", BODY)),
      "task result": await load(reads, () => send(agent, resultUrl, "GET")),
    };
  } finally {
    agent.destroy();
    await mock.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(await mockLoad())) {
    console.log(
      `${r.errors === 0 ? "✔" : "✘"} mock ${name}: ${Math.round(r.rps)} requests/s at ${CONCURRENCY} clients, ${r.errors} errors in ${r.requests}`,
    );
  }
}
