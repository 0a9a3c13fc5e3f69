// `novita-vidu mock` (and `npm start`): the mock API on 127.0.0.1, with tasks that walk from queued to
// a video that plays, and the package's docs at /docs. Flags win over the MOCK_* environment variables.
import { Command, InvalidArgumentError, Option } from "commander";
import { EXAMPLES, OPERATIONS } from "../../generated/operations.js";
import { siteFiles } from "../mock/docs-site.mjs";
import { DEFAULT_TIMINGS, startMockServer, type MockServer, type MockServerOptions } from "../mock/node.js";
import { asOurs } from "./shared/errors.js";
import { wholeNumber } from "./shared/parse.js";

const DEFAULT_PORT = 4010;
const LONGEST_MS = 3_600_000;

export interface MockCommandSetup {
  /** The command's name in its usage line. Default `mock`. */
  name?: string;
  /** Serve this page at /docs. */
  docsPage?: string;
  /** Serve this docs site under /docs/. Default: the package's own (`npm start` passes the clone's). */
  docsSite?: Record<string, string>;
  /** Where openapi.json and openapi.yaml are. Default: the package's generated/. */
  specDir?: string;
}

interface Flags {
  port: number;
  host: string;
  queuedMs: number;
  processingMs: number;
  latencyMs: number;
  rateLimit?: number;
  quiet?: boolean;
  allowRemoteWebhooks?: boolean;
}

/** Commander's parser of a whole-number flag (or its variable): decimal digits from 0 to `max`. */
const wholeNumberOption = (flag: string, max: number) => (text: string) => {
  const value = wholeNumber(text, max);
  if (value === undefined) throw new InvalidArgumentError(`${flag} must be a whole number from 0 to ${max}`);
  return value;
};

const HELP_AFTER = `
Any non-empty bearer key is accepted. Make a task fail: put [fail] (or [fail:008007004]) in the prompt, or
send the header X-Mock-Fail: 008007095 (any of Vidu's 0080070xx codes). Pick a fixed answer: send
Prefer: example=queued|processing|succeed|failed (task result) or Prefer: code=429 (any operation).
Slow one answer down: X-Mock-Latency: <ms>. A body with extra.webhook.url gets the ASYNC_TASK_RESULT
event POSTed there when its task ends, if it names this machine (localhost, 127.x.x.x, [::1]) or the
mock runs with --allow-remote-webhooks.`;

/** Prints where the mock listens and a curl that works as pasted. */
function banner(mock: MockServer, readyMs: number, docs: boolean) {
  // The first generation endpoint, with the first example of its body in the spec.
  const submit = OPERATIONS.find((o) => o.method === "POST" && o.requestBody);
  const body = JSON.stringify(EXAMPLES[Object.values(submit?.requestExamples ?? {})[0] ?? ""] ?? {});
  const { url } = mock;
  const lines = [
    `✔ mock API  ${url}  (ready in ${Math.round(readyMs)} ms)`,
    ...(docs ? [`✔ docs      ${url}/docs`] : []),
    `✔ spec      ${url}/openapi.yaml  ${url}/openapi.json`,
    `✔ video     ${url}/videos/sample.mp4  (each finished task's own has its asked aspect ratio and duration)`,
    "",
    "Submit a task, then poll its result with the task_id it answers (any bearer key works):",
    "",
    `  curl -s ${url}${submit?.path} -H 'Authorization: Bearer mock-key' -H 'Content-Type: application/json' -d '${body.replaceAll("'", "'\\''")}'`,
    `  curl -s '${url}/v3/async/task-result?task_id=<task_id>' -H 'Authorization: Bearer mock-key'`,
    "",
    "Ctrl-C stops the mock.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Starts the mock with the command's flags and keeps it running until SIGINT or SIGTERM. */
async function serve(flags: Flags, setup: MockCommandSetup) {
  const say = flags.quiet ? undefined : (line: string) => process.stdout.write(`  ${line}\n`);
  const docsSite = setup.docsSite ?? (setup.docsPage ? undefined : siteFiles());
  const options: MockServerOptions = {
    port: flags.port,
    host: flags.host,
    timings: { queuedMs: flags.queuedMs, processingMs: flags.processingMs },
    latencyMs: flags.latencyMs,
    ...(flags.rateLimit !== undefined && { rateLimit: { requests: flags.rateLimit } }),
    ...(setup.docsPage && { docsPage: setup.docsPage }),
    ...(docsSite && { docsSite }),
    ...(setup.specDir && { specDir: setup.specDir }),
    ...(say && { log: say }),
    webhooks: {
      allowRemoteHosts: flags.allowRemoteWebhooks === true,
      ...(say && {
        onDelivery: (a) =>
          say(`webhook ${a.url} ← task ${a.taskId}: ${a.status ?? a.error}${a.willRetry ? ", will retry" : ""}`),
      }),
    },
  };
  let mock: MockServer;
  try {
    mock = await startMockServer(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new Error(`port ${flags.port} on ${flags.host} is in use: pass --port (0 picks a free one) or MOCK_PORT`, {
        cause: error,
      });
    throw error;
  }
  // Since this process started: what a user waits for after typing the command.
  banner(mock, performance.now(), Boolean(setup.docsPage || docsSite));
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    void mock.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The `mock` command; its errors are thrown as CommanderError (exit code 2) or Error (exit code 1). */
export function mockCommand(setup: MockCommandSetup = {}): Command {
  const number = (flags: string, help: string, env: string, fallback: number, max = LONGEST_MS) =>
    new Option(flags, help)
      .env(env)
      .default(fallback)
      .argParser(wholeNumberOption(flags.split(" ")[0]!, max));
  return asOurs(new Command(setup.name ?? "mock"))
    .description("Serve a mock of the API on this machine: no key, no network; tasks end with a video that plays")
    .addOption(number("--port <n>", "port to listen on, 0 for a free one", "MOCK_PORT", DEFAULT_PORT, 65535))
    .addOption(new Option("--host <address>", "address to listen on").env("MOCK_HOST").default("127.0.0.1"))
    .addOption(number("--queued-ms <ms>", "how long a task stays queued", "MOCK_QUEUED_MS", DEFAULT_TIMINGS.queuedMs))
    .addOption(
      number("--processing-ms <ms>", "how long it then processes", "MOCK_PROCESSING_MS", DEFAULT_TIMINGS.processingMs),
    )
    .addOption(number("--latency-ms <ms>", "a delay before every answer", "MOCK_LATENCY_MS", 0, 60_000))
    .addOption(
      new Option("--rate-limit <n>", "answer 429 RATE_LIMIT_EXCEEDED past n submits per model per minute")
        .env("MOCK_RATE_LIMIT")
        .argParser(wholeNumberOption("--rate-limit", 1_000_000)),
    )
    .addOption(new Option("--quiet", "do not log each request").env("MOCK_QUIET"))
    .addOption(
      new Option("--allow-remote-webhooks", "deliver webhooks to any host, not only to this machine").env(
        "MOCK_ALLOW_REMOTE_WEBHOOKS",
      ),
    )
    .addHelpText("after", HELP_AFTER)
    .action((flags: Flags) => serve(flags, setup));
}
