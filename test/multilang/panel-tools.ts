// The generator panel: third-party tools a developer would point at the bundled spec, each pinned
// exactly in package.json's devDependencies and run through its own command line, as a user would.
// The panel test (panel.test.ts) runs them, typechecks what they write, and runs some of it live.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, subschemas, spec } from "../fixtures/bundled-spec.js";
import { generations, pollOperation, run } from "./languages.js";

export const SPEC_YAML = join(ROOT, "generated", "openapi.yaml");
/** The same API as OpenAPI 3.0.3, for the tools whose documentation names 3.0 as what they read. */
export const SPEC_30_YAML = join(ROOT, "generated", "openapi-3.0.yaml");
const JSON_SCHEMAS = join(ROOT, "generated", "jsonschema");

export interface Tool {
  /** The npm package, pinned in devDependencies. */
  pkg: string;
  /** What the README's table calls it, when not its package's name. */
  name?: string;
  /** What it writes: a client with one call per operation, or types only. */
  writes: "client" | "types";
  /** Runs the tool's command line on `spec` (a YAML file); it writes into `dir` (an empty folder of its own). */
  generate: (dir: string, spec: string) => Promise<unknown>;
  /** Its documentation names OpenAPI 3.0 (and not 3.1) as its input: the panel runs it on the 3.0 document too. */
  reads30?: true;
  /** Why its generation is expected to fail on this spec, when it is (undefined: expected to work). */
  knownFailure?: () => { why: string; message: RegExp } | undefined;
  /** The live script for this tool's output (see liveScript), when it runs against the mock. */
  live?: LiveCalls;
}

/**
 * Runs the command line of package `pkg`, found through its own package.json: names in node_modules/.bin
 * collide (openapi-typescript-codegen and @redocly/cli both install an `openapi`).
 */
function cli(pkg: string, args: string[], cwd: string) {
  const folder = join(ROOT, "node_modules", pkg);
  const { bin } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
    bin: string | Record<string, string>;
  };
  const entries = typeof bin === "string" ? [bin] : Object.values(bin);
  if (entries.length !== 1) throw new Error(`${pkg} has ${entries.length} commands; the panel expects one`);
  return run(process.execPath, [join(folder, entries[0]!), ...args], {
    cwd,
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Whether any schema of the spec has a `type` that is a list (`type: [integer, string]`). */
const typeListsInSpec = () =>
  Object.values(spec.components.schemas).some((schema) =>
    subschemas(schema).some(({ node }) => Array.isArray(node.type)),
  );

export const TOOLS: Tool[] = [
  {
    pkg: "@hey-api/openapi-ts",
    writes: "client",
    // An absolute path: a bare relative one reads as a Hey API registry shorthand.
    generate: (dir, spec) =>
      cli("@hey-api/openapi-ts", ["-i", spec, "-o", dir, "-c", "@hey-api/client-fetch", "--no-log-file"], dir),
    live: {
      imports: `import { client } from "./client.gen";\nimport * as sdk from "./sdk.gen";`,
      setup: "client.setConfig({ baseUrl, auth: () => key });",
      submit: (operationId, body) =>
        `const { data, error } = await sdk.${operationId}({ body: ${body} });\n` +
        `if (!data?.task_id) throw new Error(JSON.stringify(data ?? error));\nreturn data.task_id;`,
      poll: (operationId, param) =>
        `const { data, error } = await sdk.${operationId}({ query: { ${JSON.stringify(param)}: taskId } });\n` +
        `if (!data) throw new Error(JSON.stringify(error));\n` +
        `return { status: data.task.status, videoUrl: data.videos?.[0]?.video_url };`,
    },
  },
  {
    pkg: "oazapfts",
    writes: "client",
    generate: (dir, spec) => cli("oazapfts", [spec, join(dir, "api.ts")], dir),
    live: {
      imports: `import * as api from "./api";`,
      setup: "api.defaults.baseUrl = baseUrl;\napi.defaults.headers = { Authorization: `Bearer ${key}` };",
      submit: (operationId, body) =>
        `const answer = await api.${operationId}(${body});\n` +
        `if (answer.status !== 200 || !answer.data.task_id) throw new Error(JSON.stringify(answer));\n` +
        `return answer.data.task_id;`,
      // The task id is the operation's one required parameter, so its first argument.
      poll: (operationId) =>
        `const answer = await api.${operationId}(taskId);\n` +
        `if (answer.status !== 200) throw new Error(JSON.stringify(answer));\n` +
        `return { status: answer.data.task.status, videoUrl: answer.data.videos?.[0]?.video_url };`,
    },
  },
  {
    pkg: "orval",
    writes: "client",
    reads30: true,
    generate: (dir, spec) => cli("orval", ["-i", spec, "-o", join(dir, "api.ts"), "--client", "fetch"], dir),
  },
  {
    pkg: "openapi-zod-client",
    writes: "client",
    reads30: true,
    generate: (dir, spec) => cli("openapi-zod-client", [spec, "-o", join(dir, "api.ts")], dir),
  },
  {
    pkg: "openapi-typescript-codegen",
    writes: "client",
    reads30: true,
    // It writes only below its working folder.
    generate: (dir, spec) =>
      cli("openapi-typescript-codegen", ["-i", spec, "-o", "client", "--useOptions", "--useUnionTypes"], dir),
  },
  {
    pkg: "swagger-typescript-api",
    writes: "client",
    reads30: true,
    generate: (dir, spec) =>
      cli("swagger-typescript-api", ["generate", "-p", spec, "-o", dir, "-n", "api.ts", "--silent"], dir),
  },
  {
    pkg: "typed-openapi",
    writes: "client",
    // A relative output: typed-openapi 2.2.7 puts an absolute one under the working folder.
    generate: (dir, spec) => cli("typed-openapi", [spec, "-o", "api.ts"], dir),
  },
  {
    pkg: "@kubb/cli",
    name: "Kubb",
    writes: "types",
    async generate(dir, spec) {
      const config = {
        root: ".",
        input: { path: spec },
        output: { path: "./gen", clean: true },
      };
      writeFileSync(
        join(dir, "kubb.config.ts"),
        `import { defineConfig } from "@kubb/core";\nimport { pluginOas } from "@kubb/plugin-oas";\n` +
          `import { pluginTs } from "@kubb/plugin-ts";\n\n` +
          `export default defineConfig({ ...${JSON.stringify(config)}, plugins: [pluginOas(), pluginTs()] });\n`,
      );
      return cli("@kubb/cli", ["generate", "--config", "kubb.config.ts"], dir);
    },
    // Issue 13, defect 2: plugin-ts recurses without end on a `type` list.
    knownFailure: () =>
      typeListsInSpec()
        ? {
            why: "plugin-ts overflows its stack on a schema whose `type` is a list",
            message: /Maximum call stack size exceeded/,
          }
        : undefined,
  },
  {
    pkg: "quicktype",
    writes: "types",
    // From the JSON Schemas the spec's components become, with the plain command line.
    generate(dir) {
      const schemas = readdirSync(JSON_SCHEMAS).map((file) => join(JSON_SCHEMAS, file));
      return cli("quicktype", ["-s", "schema", ...schemas, "-l", "ts", "-o", join(dir, "models.ts")], dir);
    },
  },
];

/** The tool-specific statements of a live script; `taskId`, `baseUrl` and `key` are in scope. */
export interface LiveCalls {
  imports: string;
  setup: string;
  /** Statements that submit `body` (TypeScript source) and return the new task's id (a 200 without one is
   * an error: some responses leave `task_id` optional, as Novita's page does). */
  submit: (operationId: string, body: string) => string;
  /** Statements that read task `taskId` once and return `{ status, videoUrl }`. */
  poll: (operationId: string, taskIdParam: string) => string;
}

export interface LiveRun {
  operationId: string;
  statuses: string[];
  videoUrl?: string;
  error?: string;
}

const indent = (code: string, by: string) => code.replace(/^/gm, by);

/**
 * live.ts for one tool: a typed call for every generation of the spec, with its first request example
 * as the body (so the examples must typecheck against the tool's types), each followed to its video.
 */
export function writeLiveScript(dir: string, calls: LiveCalls): string {
  const poll = pollOperation();
  const runs = generations().map(
    ({ operationId, body }) =>
      `    follow(${JSON.stringify(operationId)}, async () => {\n${indent(calls.submit(operationId, JSON.stringify(body)), "      ")}\n    }),`,
  );
  const source = `// Written by test/multilang/panel.test.ts from the spec's operations and first request examples.
${calls.imports}

type Read = { status: string; videoUrl?: string };
export type LiveRun = { operationId: string; statuses: string[]; videoUrl?: string; error?: string };

export async function live(baseUrl: string, key: string, timeoutMs: number): Promise<LiveRun[]> {
${indent(calls.setup, "  ")}
  const deadline = Date.now() + timeoutMs;
  const read = async (taskId: string): Promise<Read> => {
${indent(calls.poll(poll.operationId, poll.taskIdParam), "    ")}
  };
  const follow = async (operationId: string, submit: () => Promise<string>): Promise<LiveRun> => {
    const outcome: LiveRun = { operationId, statuses: [] };
    try {
      const taskId = await submit();
      for (;;) {
        const { status, videoUrl } = await read(taskId);
        if (outcome.statuses.at(-1) !== status) outcome.statuses.push(status);
        if (status === "TASK_STATUS_FAILED") throw new Error("the task failed");
        if (status === "TASK_STATUS_SUCCEED" && videoUrl) return { ...outcome, videoUrl };
        if (Date.now() > deadline) throw new Error(\`still \${status} at the deadline\`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (error) {
      return { ...outcome, error: String(error) };
    }
  };
  return Promise.all([
${runs.join("\n")}
  ]);
}
`;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "live.ts");
  writeFileSync(file, source);
  return file;
}
