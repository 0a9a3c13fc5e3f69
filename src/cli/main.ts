#!/usr/bin/env node
// novita-vidu: generate Vidu videos from the terminal. Flags for each model's fields come from the
// spec (./fields.ts). Exit codes: 0 done, 1 the API or the task failed, 2 bad input (nothing sent),
// 130 interrupted (the task goes on: `novita-vidu wait <task_id>` resumes).
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve as resolvePath } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Command, CommanderError, Option } from "commander";
import { createViduClient, type TaskResult, type ViduClient } from "../index.js";
import { ViduError, ViduValidationError } from "../errors.js";
import { buildBody, UsageError, usageFromValidation } from "./body.js";
import { models, type Field, type Model } from "./fields.js";
import { mockCommand } from "./mock.js";
import { progressReporter } from "./progress.js";

const MOCK_URL = "http://127.0.0.1:4010";
const print = (text: string): void => void process.stdout.write(`${text}\n`);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

interface Common {
  baseUrl?: string;
  mock?: boolean;
  json?: boolean;
}

function client(options: Common): ViduClient {
  const baseUrl = options.mock ? MOCK_URL : (options.baseUrl ?? process.env["NOVITA_BASE_URL"]);
  const apiKey = process.env["NOVITA_API_KEY"] ?? (options.mock ? "mock" : undefined);
  if (!apiKey) throw new UsageError("NOVITA_API_KEY is not set (or pass --mock to use the local mock)");
  return createViduClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) });
}

const commonOptions = (command: Command) =>
  command
    .option("--base-url <url>", "API base URL (default: NOVITA_BASE_URL or https://api.novita.ai)")
    .option("--mock", `use the local mock of \`npm start\` (${MOCK_URL})`)
    .option("--json", "print JSON instead of text");

function addFieldOptions(command: Command, fields: Field[]) {
  for (const field of fields) {
    if (field.kind === "boolean") {
      command.addOption(new Option(field.flag, field.help));
      command.addOption(new Option(`--no-${field.flag.slice(2)}`, `turn ${field.flag} off`).hideHelp());
    } else {
      const option = new Option(`${field.flag} <value>`, field.help);
      if (field.schema.enum && field.kind === "string") option.choices(field.schema.enum.map(String));
      if (field.kind === "list" || field.kind === "records")
        option.argParser((v: string, previous: string[] = []) => [...previous, v]);
      command.addOption(option);
    }
  }
}

/** Waits with progress; on Ctrl-C stops waiting (not the task) and says how to resume. */
async function waitFor(vidu: ViduClient, taskId: string, json: boolean, timeoutMs?: number): Promise<TaskResult> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new UsageError("interrupted"));
  process.once("SIGINT", onSignal);
  const progress = json ? undefined : progressReporter(process.stderr);
  try {
    const result = await vidu.wait(taskId, {
      signal: controller.signal,
      onProgress: (p) => progress?.update(p),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    progress?.stop(true);
    return result;
  } catch (error) {
    if (controller.signal.aborted) {
      progress?.stop();
      process.stderr.write(`\nStopped waiting; the task goes on. Resume with: novita-vidu wait ${taskId}\n`);
      process.exit(130);
    }
    throw error;
  } finally {
    progress?.stop();
    process.off("SIGINT", onSignal);
  }
}

async function download(result: TaskResult, out: string): Promise<{ file: string; bytes: number }> {
  const url = result.videos?.[0]?.video_url;
  if (!url) throw new ViduError("the task succeeded without a video URL");
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new ViduError(`downloading ${url} failed: HTTP ${response.status}`);
  const file = resolvePath(out);
  await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), createWriteStream(file));
  return { file, bytes: (await stat(file)).size };
}

async function finish(result: TaskResult, options: Common & { out?: string }, taskId: string) {
  const saved = options.out !== undefined ? await download(result, options.out) : undefined;
  if (options.json) return printJson(saved ? { ...result, file: saved.file } : result);
  const url = result.videos?.[0]?.video_url;
  print(`✔ task ${taskId} succeeded${url ? `: ${url}` : ""}`);
  if (saved) print(`✔ saved ${saved.file} (${(saved.bytes / 1024).toFixed(1)} KB)`);
}

/** Commander's own usage errors, worded like ours; thrown (exit 2) rather than exiting with 1. */
const asOurs = (command: Command) =>
  command.exitOverride().configureOutput({
    outputError: (text, write) => write(`novita-vidu: ${text.replace(/^error: /, "")}`),
  });

function modelCommand(name: "run" | "submit", model: Model) {
  const command = asOurs(new Command(name))
    .argument("<model>", "model key")
    .description(
      `${name === "run" ? "Generate a video and wait for it" : "Submit a task and print its id"}: ${model.summary}`,
    );
  addFieldOptions(command, model.fields);
  if (name === "run")
    command
      .option("--out <file>", "save the video here (default <task_id>.mp4)")
      .option("--timeout <seconds>", "stop waiting after this long", "900");
  commonOptions(command).action(async (_model: string, options: Common & Record<string, unknown>) => {
    const vidu = client(options);
    const body = await buildBody(model.fields, options);
    const { task_id } = await vidu.submit(model.key as never, body as never).catch((error) => {
      throw usageFromValidation(error, model.fields) ?? error;
    });
    if (name === "submit") return options.json ? printJson({ task_id }) : print(task_id);
    if (!options.json) process.stderr.write(`task ${task_id}\n`);
    const result = await waitFor(vidu, task_id, Boolean(options.json), Number(options["timeout"]) * 1000);
    await finish(result, { ...options, out: (options["out"] as string | undefined) ?? `${task_id}.mp4` }, task_id);
  });
  return command;
}

function program(argv: string[]): Command {
  const all = models();
  // Before adding commands, so the ones `.command()` creates inherit it.
  const root = asOurs(new Command("novita-vidu"))
    .description("Generate videos with Novita's Vidu API")
    .showHelpAfterError("(add --help for usage)");
  const [verb, key] = argv.slice(2);
  const model = all.find((m) => m.key === key);
  for (const name of ["run", "submit"] as const) {
    if (verb === name && model) root.addCommand(modelCommand(name, model));
    else {
      root
        .command(`${name} <model>`)
        .description(
          `${name === "run" ? "Generate a video and wait for it" : "Submit a task"}; see \`novita-vidu models\``,
        )
        .allowUnknownOption()
        .allowExcessArguments()
        .helpOption(false)
        .action((m: string) => {
          throw new UsageError(`model must be one of ${all.map((x) => x.key).join(", ")} (got "${m}")`);
        });
    }
  }
  commonOptions(
    root
      .command("wait <task_id>")
      .description("Wait for a task, with progress")
      .option("--out <file>", "save the video here")
      .option("--timeout <seconds>", "stop waiting after this long", "900"),
  ).action(async (taskId: string, options: Common & { out?: string; timeout: string }) => {
    const vidu = client(options);
    await finish(await waitFor(vidu, taskId, Boolean(options.json), Number(options.timeout) * 1000), options, taskId);
  });
  commonOptions(root.command("result <task_id>").description("Print a task's current status and result")).action(
    async (taskId: string, options: Common) => {
      const vidu = client(options);
      const { data, error } = await vidu.api.GET("/v3/async/task-result", { params: { query: { task_id: taskId } } });
      if (error)
        throw Object.assign(
          new ViduError(
            `${(error as { reason?: string }).reason ?? "error"}: ${(error as { message?: string }).message ?? ""}`,
          ),
          {},
        );
      if (options.json) return printJson(data);
      const task = data.task;
      print(
        `${task.task_id}: ${task.status}${task.progress_percent !== undefined ? ` ${task.progress_percent}%` : ""}${task.reason ? ` – ${task.reason}` : ""}`,
      );
      for (const video of data.videos ?? []) print(video.video_url);
    },
  );
  root
    .command("models")
    .description("List the models and their fields")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      if (options.json)
        return printJson(
          all.map(({ key, path, summary, fields }) => ({
            model: key,
            path,
            summary,
            fields: fields.map(({ name, flag, required, help }) => ({ name, flag, required, help })),
          })),
        );
      for (const m of all) {
        print(`${m.key}  ${m.summary}`);
        for (const f of m.fields) print(`  ${f.flag.padEnd(22)} ${f.help}`);
        print("");
      }
    });
  root.addCommand(mockCommand());
  return root;
}

async function main() {
  // `novita-vidu models | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : 1));
  try {
    await program(process.argv).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    if (error instanceof UsageError || error instanceof ViduValidationError) {
      const message =
        error instanceof ViduValidationError ? error.issues.map((i) => i.message).join("; ") : error.message;
      process.stderr.write(`novita-vidu: ${message} (nothing was sent)\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`novita-vidu: ${message}\n`);
    process.exit(1);
  }
}

await main();
