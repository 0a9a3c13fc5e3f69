// Runs the client against every fault of ./server.mjs and prints one JSON line of results, then
// exits on its own: a timer or socket the client left open would keep this process alive, and the
// test that spawns it would see that.
import { loadClient } from "../bench/load-client.mjs";
import { startFaultServer } from "./server.mjs";

const { createViduClient, parseWebhookEvent } = await loadClient();
const server = await startFaultServer();
const BODY = { images: ["https://example.com/a.png"], prompt: "rain" };
const KEY = "sk_fault_suite";
/** Reading a few MB on a busy machine may take longer than FAST's timeout; the cap, not the timeout, is tested. */
const SLOW_READ = { requestTimeoutMs: 3000 };
const FAST = { retry: { retries: 3, firstBackoffCapMs: 20, maxDelayMs: 200 }, requestTimeoutMs: 400 };

/** What each fault must end in; `bound` is the most it may take, in ms. */
const SCENARIOS = [
  { fault: "ok", action: "run", expect: "success" },
  { fault: "429-burst-retry-after", action: "run", expect: "success" },
  { fault: "429-burst-no-retry-after", action: "run", expect: "success" },
  { fault: "429-forever", action: "submit", expect: { name: "ViduApiError", status: 429 } },
  { fault: "500-poll", action: "run", expect: "success" },
  { fault: "502-poll", action: "run", expect: "success" },
  { fault: "503-poll", action: "run", expect: "success" },
  {
    fault: "500-submit",
    action: "submit",
    expect: { name: "ViduApiError", status: 500, reason: "CREATE_TASK_FAILED" },
  },
  { fault: "503-submit", action: "submit", expect: { name: "ViduApiError", status: 503 } },
  {
    fault: "html-400-submit",
    action: "submit",
    expect: { name: "ViduApiError", status: 400, detail: "400 Bad request" },
  },
  { fault: "reset-before-read-submit", action: "submit", expect: { name: "ViduConnectionError", maybeReceived: true } },
  { fault: "reset-before-read-poll", action: "run", expect: "success" },
  { fault: "reset-after-read-submit", action: "submit", expect: { name: "ViduConnectionError", maybeReceived: true } },
  { fault: "never-answers-submit", action: "submit", expect: { name: "ViduConnectionError", maybeReceived: true } },
  { fault: "never-answers-poll", action: "run", expect: "success" },
  { fault: "truncated-body-poll", action: "run", expect: "success" },
  { fault: "invalid-json-poll", action: "run", expect: { name: "ViduApiError", reason: "MALFORMED_RESPONSE" } },
  { fault: "task-fails", action: "run", expect: { name: "ViduTaskFailedError", failureCode: "008007095" } },
  { fault: "task-never-ends", action: "run", options: { timeoutMs: 1500 }, expect: { name: "ViduWaitTimeoutError" } },
  { fault: "unknown-status", action: "run", expect: "success" },
  { fault: "connection-refused", action: "submit", expect: { name: "ViduConnectionError", maybeReceived: false } },
  // Each poll hangs far longer than the wait may last: the wait's deadline covers its requests.
  {
    fault: "hang-during-wait",
    action: "run",
    client: { requestTimeoutMs: 60_000 },
    options: { timeoutMs: 1000 },
    expect: { name: "ViduWaitTimeoutError" },
    bound: 2500,
  },
  {
    fault: "oversized-poll",
    client: SLOW_READ,
    action: "run",
    expect: { name: "ViduApiError", reason: "RESPONSE_TOO_LARGE" },
  },
  {
    fault: "oversized-submit",
    client: SLOW_READ,
    action: "submit",
    expect: { name: "ViduApiError", reason: "RESPONSE_TOO_LARGE" },
  },
  {
    fault: "gzip-bomb-poll",
    client: SLOW_READ,
    action: "run",
    expect: { name: "ViduApiError", reason: "RESPONSE_TOO_LARGE" },
  },
  { fault: "redirect-307-submit", action: "submit", expect: "success" },
  { fault: "redirect-308-submit", action: "submit", expect: "success" },
  { fault: "echo-key-submit", action: "submit", expect: { name: "ViduApiError", status: 401 } },
  { fault: "echo-key-poll", action: "run", client: { retry: false }, expect: { name: "ViduApiError", status: 502 } },
  // A key with a line break is refused when the client is created, naming neither the key nor sending it.
  { fault: "invalid-key", action: "submit", key: `${KEY}\r\nX-Injected: 1`, expect: { name: "ViduValidationError" } },
  { fault: "invalid-key", action: "submit", key: `${KEY} `, expect: { name: "ViduValidationError" } },
  // 1 MB of event with 500,000 bad items: refused after a bounded walk, with the first 20 issues and a short message.
  {
    fault: "hostile-webhook-event",
    action: "webhook",
    expect: { name: "ViduValidationError", subject: "webhook event" },
    bounded: (error) => error.issues.length === 20 && error.message.length <= 2000,
  },
];
// These again through the global fetch (no `fetch` option), which takes the signal beside the Request.
const THROUGH_GLOBAL_FETCH = [
  "never-answers-submit",
  "never-answers-poll",
  "hang-during-wait",
  "gzip-bomb-poll",
  "redirect-307-submit",
];
SCENARIOS.push(
  ...SCENARIOS.filter((s) => THROUGH_GLOBAL_FETCH.includes(s.fault)).map((s) => ({
    ...s,
    fault: `${s.fault}.global-fetch`,
    client: { ...s.client, fetch: undefined },
  })),
);
const BOUND_MS = 5000;

/** A port nothing listens on: a server that is closed again at once. */
async function closedPortUrl() {
  const { createServer } = await import("node:net");
  const probe = createServer();
  await new Promise((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return `http://127.0.0.1:${port}`;
}

const results = [];
for (const scenario of SCENARIOS) {
  const baseUrl = scenario.fault === "connection-refused" ? await closedPortUrl() : server.url(scenario.fault);
  let attempts = 0;
  const started = Date.now();
  let outcome;
  try {
    const vidu = createViduClient({
      apiKey: scenario.key ?? KEY,
      baseUrl,
      ...FAST,
      fetch: (r, init) => (attempts++, fetch(r, init)),
      ...scenario.client,
    });
    const value =
      scenario.action === "webhook"
        ? parseWebhookEvent(await (await fetch(`${baseUrl}/hook`)).text())
        : scenario.action === "submit"
          ? await vidu.submit("vidu-q3-turbo-i2v", BODY)
          : await vidu.run("vidu-q3-turbo-i2v", BODY, scenario.options);
    outcome = { success: true, taskId: value.task_id ?? value.task?.task_id };
  } catch (error) {
    outcome = { success: false, error: { ...error, name: error.name, message: error.message, stack: error.stack } };
  }
  const elapsedMs = Date.now() - started;
  // A request left hanging must have been closed by the client's abort, not by the server's close.
  for (let waited = 0; waited < 1000 && server.stats(scenario.fault).hanging > 0; waited += 10)
    await new Promise((r) => setTimeout(r, 10));
  const stats =
    scenario.fault === "connection-refused"
      ? { submits: 0, accepted: 0, polls: 0 }
      : { ...server.stats(scenario.fault) };
  const expected = scenario.expect;
  const matches =
    expected === "success"
      ? outcome.success
      : !outcome.success &&
        Object.entries(expected).every(([k, v]) => outcome.error[k] === v) &&
        (scenario.bounded?.(outcome.error) ?? true);
  // A task Novita took whose id the caller neither got nor was warned about is lost.
  const warned =
    outcome.error?.taskId || outcome.error?.maybeReceived || /look for the task/.test(outcome.error?.message);
  const lost = stats.accepted > (outcome.success ? 1 : 0) && !warned ? stats.accepted - (outcome.success ? 1 : 0) : 0;
  results.push({
    fault: scenario.key ? `${scenario.fault} ${JSON.stringify(scenario.key.slice(KEY.length))}` : scenario.fault,
    // A refused key must not have reached the server.
    survived: matches && elapsedMs <= (scenario.bound ?? BOUND_MS) && !(scenario.key && attempts > 0) && !stats.hanging,
    leftHanging: stats.hanging ?? 0,
    outcome: outcome.success
      ? "success"
      : `${outcome.error.name}${outcome.error.name === "ViduApiError" ? ` ${outcome.error.status}` : ""}`,
    elapsedMs,
    attempts,
    accepted: stats.accepted,
    duplicateSubmits: Math.max(0, stats.accepted - 1),
    lostTasks: lost,
    keyLeaked: JSON.stringify(outcome).includes(KEY),
  });
}
await server.close();
console.log(JSON.stringify(results));
