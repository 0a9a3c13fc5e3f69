#!/usr/bin/env node
// novita-vidu: generate Vidu videos from the terminal. Flags for each model's fields come from the
// spec (./fields.ts). Exit codes: 0 done, 1 the API or the task failed, 2 bad input (nothing sent),
// 130 interrupted (the task goes on: `novita-vidu wait <task_id>` resumes).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, Option } from "commander";
import { createViduClient, type ViduClient } from "../index.js";
import { ViduError, ViduValidationError } from "../client/errors.js";
import { buildBody, usageFromValidation } from "./body.js";
import { docsCommand } from "./docs.js";
import { unknownModel } from "./checks.js";
import { DEFAULT_STALL_MS } from "../download/options.js";
import { groupedModels, models, type Field, type Model } from "./fields.js";
import { batchCommand } from "./batch/run.js";
import { mockCommand } from "./mock.js";
import { PACKAGE_ROOT } from "../mock/docs-site.mjs";
import { exitWith, print, printJson, wantsJson } from "./output.js";
import { asOurs, UsageError } from "./shared/errors.js";
import { urlFlag } from "./shared/parse.js";
import { afterSubmit, savingPlan, type Saving } from "./wait.js";

const MOCK_URL = "http://127.0.0.1:4010";
/** The key `--mock` sends: the mock takes any, and a real NOVITA_API_KEY must not go to it. */
const MOCK_KEY = "mock-key-not-a-secret";
/** The package's version, from its package.json (a bundle copied out of the package has none). */
function version(): string {
  try {
    return JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).version;
  } catch {
    return "unknown (no package.json above the CLI)";
  }
}

interface Common {
  baseUrl?: string;
  mock?: boolean;
  json?: boolean;
}

function client(options: Common): ViduClient {
  const url =
    options.baseUrl !== undefined ? urlFlag("--base-url", options.baseUrl) : options.mock ? MOCK_URL : undefined;
  const apiKey = options.mock ? MOCK_KEY : process.env["NOVITA_API_KEY"];
  if (!apiKey) throw new UsageError("NOVITA_API_KEY is not set (or pass --mock to use the local mock)");
  try {
    return createViduClient({ apiKey, ...(url ? { baseUrl: url } : {}) });
  } catch (error) {
    // The key's problem is named without the key; NOVITA_BASE_URL's by its name.
    if (error instanceof ViduValidationError && error.issues[0]?.field === "apiKey")
      throw new UsageError(error.issues[0].message.replace(/^apiKey/, "NOVITA_API_KEY"));
    throw error;
  }
}

const commonOptions = (command: Command) =>
  command
    .option("--base-url <url>", "API base URL (default: NOVITA_BASE_URL or https://api.novita.ai)")
    .option("--mock", `use the local mock (at --base-url, default ${MOCK_URL}) with a dummy key, never NOVITA_API_KEY`)
    .option("--json", "print JSON instead of text");

/** How long to wait for a task and for its video: every command that waits (run, wait, batch). */
const waitingOptions = (command: Command) =>
  command
    .option("--timeout <seconds>", "stop waiting after this long", "900")
    .option(
      "--download-timeout <seconds>",
      "give up a download that receives nothing for this long",
      `${DEFAULT_STALL_MS / 1000}`,
    );

const savingOptions = (command: Command, out: string) =>
  waitingOptions(
    command
      .option("--out <file>", `${out}; - writes it to stdout`)
      .option("--force", "replace the --out file when it exists"),
  );

/** `--audio`, `--audio true`, `--audio=false`: a boolean flag takes an optional value. */
function booleanValue(flag: string) {
  return (text: string) => {
    if (text === "true" || text === "false") return text === "true";
    throw new UsageError(`${flag} takes true or false (got "${text}"), or use ${flag} / --no-${flag.slice(2)}`);
  };
}

function addFieldOptions(command: Command, fields: Field[]) {
  for (const field of fields) {
    const option = new Option(`${field.flag} ${field.placeholder}`, field.help);
    if (field.kind === "boolean") {
      command.addOption(option.argParser(booleanValue(field.flag)));
      command.addOption(new Option(`--no-${field.flag.slice(2)}`, `turn ${field.flag} off`));
      continue;
    }
    // Enums are checked with the body's other rules, in the same words (`--resolution must be one of …`).
    if (field.kind === "list" || field.kind === "records")
      option.argParser((v: string, previous: string[] = []) => [...previous, v]);
    command.addOption(option);
  }
}

function modelCommand(name: "run" | "submit", model: Model) {
  const command = asOurs(new Command(name))
    .argument("<model>", "model key")
    .description(
      `${name === "run" ? "Generate a video and wait for it" : "Submit a task and print its id"}: ${model.summary}`,
    );
  addFieldOptions(command, model.fields);
  if (name === "run") savingOptions(command, "save the video here (default <task_id>.mp4)");
  commonOptions(command).action(async (_model: string, options: Saving & Record<string, unknown>) => {
    const vidu = client(options);
    const plan = name === "run" ? await savingPlan(options, true) : undefined;
    const body = await buildBody(model.fields, options);
    const { task_id } = await vidu.submit(model.key as never, body as never).catch((error) => {
      throw usageFromValidation(error, model.fields) ?? error;
    });
    if (name === "submit" || !plan) return options.json ? printJson({ task_id }) : print(task_id);
    // At once, in every mode: the task is billed, and its id is what resumes it.
    process.stderr.write(`task ${task_id}\n`);
    await afterSubmit(vidu, task_id, options, plan, true);
  });
  return command;
}

function program(argv: string[]): Command {
  const all = models();
  // Before adding commands, so the ones `.command()` creates inherit it.
  const root = asOurs(new Command("novita-vidu"))
    .description("Generate videos with Novita's Vidu API")
    .version(version(), "-V, --version", "print the version")
    .showHelpAfterError("(add --help for usage)");
  const [verb, key] = argv.slice(2);
  const model = all.find((m) => m.key === key);
  const modelList = all.map((m) => `  ${m.key.padEnd(36)} ${m.summary}`).join("\n");
  for (const name of ["run", "submit"] as const) {
    if (verb === name && model) root.addCommand(modelCommand(name, model));
    else {
      // The flags every model takes are shown before a model is named; the model's own with it.
      const generic = root.command(`${name} <model>`);
      commonOptions(name === "run" ? savingOptions(generic, "save the video here (default <task_id>.mp4)") : generic)
        .description(
          `${name === "run" ? "Generate a video and wait for it" : "Submit a task"}; see \`novita-vidu models\``,
        )
        .allowUnknownOption()
        .allowExcessArguments()
        .addHelpText("after", `\nModels (each with its own flags: novita-vidu ${name} <model> --help):\n${modelList}`)
        .action((m: string) => {
          const keys = all.map((x) => x.key);
          throw new UsageError(unknownModel(m, keys));
        });
    }
  }
  commonOptions(
    savingOptions(root.command("wait <task_id>"), "save the video here").description("Wait for a task, with progress"),
  ).action(async (taskId: string, options: Saving) => {
    const vidu = client(options);
    await afterSubmit(vidu, taskId, options, await savingPlan(options, false));
  });
  commonOptions(root.command("result <task_id>").description("Print a task's current status and result")).action(
    async (taskId: string, options: Common) => {
      const vidu = client(options);
      const { data, error } = await vidu.api.GET("/v3/async/task-result", { params: { query: { task_id: taskId } } });
      if (error) {
        const { reason = "error", message = "" } = error as { reason?: string; message?: string };
        throw new ViduError(`${reason}: ${message}`, { taskId });
      }
      if (options.json) return printJson(data);
      const task = data.task;
      print(
        `${task.task_id}: ${task.status}${task.progress_percent !== undefined ? ` ${task.progress_percent}%` : ""}${task.reason ? ` – ${task.reason}` : ""}`,
      );
      for (const video of data.videos ?? []) print(video.video_url);
    },
  );
  root
    .command("models [model]")
    .description("List the models and their fields, or one model's")
    .option("--json", "print JSON: each field with its type, limits and default")
    .action((key: string | undefined, options: { json?: boolean }) => {
      const chosen = key === undefined ? all : all.filter((m) => m.key === key);
      if (!chosen.length)
        throw new UsageError(
          unknownModel(
            key ?? "",
            all.map((m) => m.key),
          ),
        );
      // Each field as the catalog has it (type, limits, default, summary), with its flag and help.
      const entry = ({ key, fields, ...model }: Model) => ({
        model: key,
        ...model,
        fields: fields.map(({ flag, help, spec }) => ({ ...spec, flag, help })),
      });
      if (options.json) return printJson(key === undefined ? chosen.map(entry) : entry(chosen[0]!));
      // Grouped as the spec tags them: by task, then by generation.
      for (const group of groupedModels(chosen)) {
        if (key === undefined) print(`== ${group.task}${group.generation && `, Vidu ${group.generation}`} ==\n`);
        for (const m of group.models) {
          print(`${m.key}  ${m.summary}`);
          for (const f of m.fields) print(`  ${f.flag.padEnd(22)} ${f.help}`);
          print("");
        }
      }
    });
  root.addCommand(batchCommand(client, (command) => commonOptions(waitingOptions(command))));
  root.addCommand(mockCommand());
  root.addCommand(docsCommand());
  return root;
}

async function main() {
  // `novita-vidu models | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : 1));
  try {
    await program(process.argv).parseAsync(process.argv);
  } catch (error) {
    exitWith(error, wantsJson(process.argv));
  }
}

await main();
