// Writes an operation's code samples (curl, TypeScript with this package's client, Python with
// `requests`) from its example, so that every sample shows a request the spec accepts and none is
// written by hand. scripts/redocly-plugin.mjs adds them to the spec as `x-codeSamples`.
import { descriptorName } from "./catalog.mjs";

const TASK_RESULT_PATH = "/v3/async/task-result";
// Redoc's sample panel shows about 80 columns before it scrolls.
const MAX_LINE = 80;

/**
 * A JSON value as a literal of one language: on one line when that fits in MAX_LINE, else one
 * element per line.
 * @param {unknown} value
 * @param {"json" | "ts" | "py"} lang
 * @param {number} indent the indentation of the line the literal starts on
 * @param {number} column the column the literal starts at
 */
export function literal(value, lang, indent = 0, column = indent) {
  if (value === null) return lang === "py" ? "None" : "null";
  if (typeof value === "boolean") return lang === "py" ? (value ? "True" : "False") : String(value);
  // JSON's string escapes are valid in TypeScript and Python strings alike.
  if (typeof value !== "object") return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const key = (name) => (lang === "ts" && /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
  const items = (depth) =>
    Object.entries(value).map(([name, item]) => {
      const prefix = isArray ? "" : `${key(name)}: `;
      return prefix + literal(item, lang, depth, depth + prefix.length);
    });
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  const pad = lang === "ts" && !isArray ? " " : "";
  const flat = items(indent).join(", ");
  const oneLine = flat === "" ? `${open}${close}` : `${open}${pad}${flat}${pad}${close}`;
  if (column + oneLine.length <= MAX_LINE && !oneLine.includes("\n")) return oneLine;
  const step = lang === "py" ? 4 : 2;
  const inner = " ".repeat(indent + step);
  const comma = lang === "json" ? "" : ",";
  return `${open}\n${inner}${items(indent + step).join(`,\n${inner}`)}${comma}\n${" ".repeat(indent)}${close}`;
}

const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** @param {{ server: string, path: string, body?: unknown, query?: Record<string, string> | undefined }} request */
function curl({ server, path, body, query }) {
  // -G sends the --data-urlencode pairs as the query string of a GET.
  const lines = [
    `curl ${query ? "-G " : ""}${server}${path}`,
    ...Object.entries(query ?? {}).map(([name, value]) => `--data-urlencode ${shellQuote(`${name}=${value}`)}`),
    `-H "Authorization: Bearer $NOVITA_API_KEY"`,
  ];
  if (body !== undefined) {
    lines.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(literal(body, "json", 2, "  -d '".length))}`);
  }
  return lines.join(" \\\n  ");
}

const tsClient = (entry, ...imports) => `import { ${imports.join(", ")} } from "${entry}";
`;
const TS_VIDU = `
const vidu = createViduClient(); // reads NOVITA_API_KEY
`;
const TS_PROGRESS = "onProgress: ({ status, percent }) => console.log(status, percent),";

/**
 * The lean way, as the README shows it first: the model is its descriptor, imported by name, so an
 * app's bundle holds that model's validator and no other.
 * @param {{ operationId?: string, body?: unknown }} sample
 */
function typescriptRun({ operationId, body }) {
  if (!operationId?.startsWith("create"))
    throw new Error(`vidu/code-samples: operationId "${operationId}" must be create<Model> to name its descriptor`);
  const model = descriptorName(operationId);
  const call = `const result = await vidu.run(${model}, `;
  return `${tsClient("novita-vidu/lean", "createViduClient")}${tsClient("novita-vidu/models", model)}${TS_VIDU}${call}${literal(body, "ts", 0, call.length)}, {
  ${TS_PROGRESS}
});
console.log(result.videos?.[0]?.video_url);
`;
}

/** @param {{ taskId: string }} sample */
function typescriptWait({ taskId }) {
  return `${tsClient("novita-vidu/lean", "createViduClient", "ViduTaskFailedError")}${TS_VIDU}const taskId = ${JSON.stringify(taskId)};
try {
  const result = await vidu.wait(taskId, {
    ${TS_PROGRESS}
  });
  console.log(result.videos?.[0]?.video_url);
} catch (error) {
  if (!(error instanceof ViduTaskFailedError)) throw error;
  console.error(error.taskId, error.failureCode, error.reason);
}
`;
}

const PY_SETUP = (server) => `import os
import time

import requests

API = ${JSON.stringify(server)}
RESULT_URL = f"{API}${TASK_RESULT_PATH}"
session = requests.Session()
session.headers["Authorization"] = f"Bearer {os.environ['NOVITA_API_KEY']}"
`;

const PY_POLL = `deadline = time.monotonic() + 15 * 60
while True:
    answer = session.get(RESULT_URL, params={"task_id": task_id}, timeout=60)
    answer.raise_for_status()
    result = answer.json()
    task = result["task"]
    if task["status"] == "TASK_STATUS_SUCCEED":
        print(result["videos"][0]["video_url"])
        break
    if task["status"] == "TASK_STATUS_FAILED":
        raise RuntimeError(f"task {task_id} failed: {task.get('reason')}")
    if time.monotonic() > deadline:
        raise TimeoutError(f"task {task_id} is still {task['status']}")
    eta = task.get("eta")  # seconds left, by Novita's estimate
    time.sleep(5 if eta is None else min(max(eta, 2), 30))
`;

/** @param {{ server: string, path: string, body?: unknown }} sample */
function pythonRun({ server, path, body }) {
  const post = `submitted = session.post(f"{API}${path}", json=body, timeout=60)`;
  return `${PY_SETUP(server)}
body = ${literal(body, "py", 0, "body = ".length)}
# Billed once accepted: after a timeout, look for the task before resending.
${post.length <= MAX_LINE ? post : post.replace("(", "(\n    ").replace(/\)$/, "\n)")}
submitted.raise_for_status()
task_id = submitted.json()["task_id"]

${PY_POLL}`;
}

/** @param {{ server: string, taskId: string }} sample */
function pythonWait({ server, taskId }) {
  return `${PY_SETUP(server)}
task_id = ${JSON.stringify(taskId)}
${PY_POLL}`;
}

/**
 * The `x-codeSamples` of an operation: a POST to `/v3/async/<model>` with its request example, or a
 * GET of the task result with its `task_id` example.
 * @param {{ server: string, path: string, method: string, operationId?: string, body?: unknown, query?: { task_id?: string } | undefined }} operation
 * @returns {{ lang: string, label: string, source: string }[]}
 */
export function codeSamples(operation) {
  const { path, method, body, query } = operation;
  let typescript, python;
  if (method === "post" && path.startsWith("/v3/async/") && body !== undefined) {
    [typescript, python] = [typescriptRun(operation), pythonRun(operation)];
  } else if (method === "get" && path === TASK_RESULT_PATH && query?.task_id) {
    const sample = { ...operation, taskId: query.task_id };
    [typescript, python] = [typescriptWait(sample), pythonWait(sample)];
  } else {
    throw new Error(
      `vidu/code-samples: no code sample for ${method.toUpperCase()} ${path}: it needs a request example or a task_id example`,
    );
  }
  return [
    { lang: "curl", label: "curl", source: curl(operation) },
    { lang: "TypeScript", label: "TypeScript", source: typescript.trimEnd() },
    { lang: "Python", label: "Python", source: python.trimEnd() },
  ];
}

/**
 * The samples of every example of an operation, in the order of its examples. With more than one,
 * each sample's label names its example (`curl: Every option`), as Redoc's example picker changes
 * the payload only: the reader picks the sample of the same example.
 * @param {(Parameters<typeof codeSamples>[0] & { example?: string })[]} requests one per example
 */
export function exampleSamples(requests) {
  return requests.flatMap(({ example, ...request }) =>
    codeSamples(request).map((sample) =>
      requests.length > 1 && example ? { ...sample, label: `${sample.label}: ${example}` } : sample,
    ),
  );
}
