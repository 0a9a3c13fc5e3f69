// The CLI as a user runs it: a process against the mock of `npm start`, on a free port.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS } from "../../generated/constants.js";
import { VIDEO_DEFAULTS } from "../../generated/mock-videos.js";
import { startMockServer } from "../../src/mock/node.js";
import { mockVideo } from "../../src/mock/video.js";
import { readMp4 } from "../mock/mp4.js";
import { bundleCli, ROOT, runCli } from "./helpers.js";

/** The mock's video of a task that asked for `duration` seconds and no aspect ratio (its model's default). */
const videoOf = (model: string, duration: number) =>
  Buffer.from(mockVideo({ aspectRatio: VIDEO_DEFAULTS[model]!.aspectRatio, duration }));
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-"));
const requests: string[] = [];
let mock: { url: string; close(): Promise<void> };
let slowMock: { url: string; close(): Promise<void> };
let bundle: Awaited<ReturnType<typeof bundleCli>>;

beforeAll(async () => {
  bundle = await bundleCli();
  const log = (line: string) => requests.push(line);
  mock = await startMockServer({
    port: 0,
    timings: { queuedMs: 200, processingMs: 900 },
    log,
  });
  slowMock = await startMockServer({
    port: 0,
    timings: { queuedMs: 200, processingMs: 60_000 },
  });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  await slowMock?.close();
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (args: string[], env?: Record<string, string | undefined>) => runCli(bundle.file, scratch, args, env);

const q3 = () => ["run", "vidu-q3-turbo-i2v", "--base-url", mock.url, "--image", "https://example.com/a.png"];

// Concurrent: each run writes its own file and waits on its own task.
describe.concurrent("novita-vidu run", () => {
  it("submits, shows progress, downloads a playable MP4 and says where it went", async () => {
    const out = join(scratch, "first.mp4");
    const { code, stdout, stderr } = await cli([...q3(), "--prompt", "rain starts", "--duration", "4", "--out", out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^task [\w-]+$/m);
    expect(stderr).toMatch(/^(queued|processing) \d+% eta \d+s \(\d+s elapsed\)$/m);
    expect(stdout).toMatch(/✔ task [\w-]+ succeeded: http:\/\/127\.0\.0\.1:\d+\/videos\/[\w-]+\.mp4/);
    const video = readFileSync(out);
    expect(stdout).toContain(`✔ saved ${out} (${(video.length / 1024).toFixed(1)} KB)`);
    expect(video.subarray(4, 8).toString()).toBe("ftyp"); // an MP4 file
    expect(readMp4(video).durationSeconds).toBe(4); // as asked
    expect(video.equals(videoOf("vidu-q3-turbo-i2v", 4))).toBe(true);
  });

  it("reads a local image file into the request", async () => {
    const image = join(scratch, "frame.png");
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    (await import("node:fs")).writeFileSync(image, png);
    const { code, stderr } = await cli([...q3().slice(0, 4), "--image", image, "--out", join(scratch, "v2.mp4")]);
    expect(code, stderr).toBe(0);
  });

  it("prints the result as JSON with --json", async () => {
    const { code, stdout, stderr } = await cli([...q3(), "--json", "--out", join(scratch, "v3.mp4")]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.task.status).toBe("TASK_STATUS_SUCCEED");
    expect(result.file).toBe(join(scratch, "v3.mp4"));
    expect(stderr).toBe(`task ${result.task.task_id}\n`); // the task id at once, and no progress, in JSON mode
  });

  it("takes reference-to-video subjects in a readable syntax", async () => {
    const { code, stdout, stderr } = await cli([
      "submit",
      "viduq2-pro-fast",
      "--base-url",
      mock.url,
      "--subject",
      "name=cat,image=https://example.com/cat.png,image=https://example.com/cat2.png",
      "--subject",
      "name=dog,image=https://example.com/dog.png",
      "--prompt",
      "@1 chases @2",
      "--duration",
      "5",
      "--json",
    ]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).task_id).toMatch(/^[\w-]+$/);
  });
});

describe("submit, wait and result for scripts", () => {
  it("submit --json prints the task id; wait and result find it", async () => {
    const submitted = await cli([
      "submit",
      "vidu-q2-turbo-img2video",
      "--base-url",
      mock.url,
      "--image",
      "https://example.com/a.png",
      "--prompt",
      "p",
      "--duration",
      "5",
      "--json",
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const { task_id } = JSON.parse(submitted.stdout);
    const early = await cli(["result", task_id, "--base-url", mock.url, "--json"]);
    expect(JSON.parse(early.stdout).task.task_id).toBe(task_id);
    const waited = await cli(["wait", task_id, "--base-url", mock.url, "--json"]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(JSON.parse(waited.stdout).task.status).toBe("TASK_STATUS_SUCCEED");
  });

  it("result of an unknown task prints Novita's reason and exits 1", async () => {
    const { code, stderr } = await cli(["result", "no-such-task", "--base-url", mock.url]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^novita-vidu: TASK_NOT_FOUND/);
  });
});

// Concurrent: none of these sends a request, so each one's "nothing sent" holds whatever runs beside it.
describe.concurrent("bad input: one line naming the flag and the rule, exit 2, nothing sent", () => {
  const cases: [string, string[], RegExp, Record<string, string | undefined>?][] = [
    [
      "an unknown model",
      ["run", "vidu-q9", "--prompt", "x"],
      // A short answer, not every key (the 900-character list it once was).
      /^novita-vidu: unknown model "vidu-q9"\. Run `novita-vidu models` to list them\. \(nothing was sent\)$/,
    ],
    ["a duration out of range", ["--duration", "20"], /--duration must be between 1 and 16/],
    ["a duration that is not a number", ["--duration", "ten"], /--duration must be a number \(got "ten"\)/],
    [
      "a resolution not in the enum",
      ["--resolution", "4k"],
      /^novita-vidu: --resolution must be one of "540p", "720p", "1080p" \(nothing was sent\)$/,
    ],
    ["a missing image file", ["--image", "missing.png"], /--image missing\.png does not exist/],
    ["a prompt too long", ["--prompt", "x".repeat(5001)], /--prompt must be at most 5000 characters long/],
    ["an unknown flag", ["--colour", "red"], /unknown option '--colour'/],
    ["no API key", [], /NOVITA_API_KEY is not set \(or pass --mock/, {}],
  ];
  it.each(cases)("%s", async (_, args, message, env) => {
    const before = requests.length;
    const full = args[0] === "run" ? [...args, "--base-url", mock.url] : [...q3(), ...args];
    const { code, stderr } = await cli(full, env);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")[0]).toMatch(message);
    expect(stderr).toMatch(/^novita-vidu: /);
    expect(requests.slice(before).filter((line) => /POST/.test(line))).toEqual([]);
  });

  it("names a subject's bad part", async () => {
    const { code, stderr } = await cli([
      "submit",
      "viduq2-pro-fast",
      "--base-url",
      mock.url,
      "--subject",
      "colour=red",
      "--prompt",
      "p",
      "--duration",
      "5",
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--subject "colour=red": each part must be key=value with a key among name, images, videos, voice_id/,
    );
  });
});

describe("Ctrl-C while waiting", () => {
  it("stops waiting, prints the task id and how to resume, and exits 130", async () => {
    const running = cli([
      "run",
      "vidu-q3-turbo-i2v",
      "--base-url",
      slowMock.url,
      "--image",
      "https://example.com/a.png",
    ]);
    // Interrupt once it is waiting: after its first progress line.
    await new Promise<void>((resolve) =>
      running.child.stderr?.on("data", (d: Buffer) => /eta/.test(d.toString()) && resolve()),
    );
    running.child.kill("SIGINT");
    const { code, stderr } = await running;
    expect(code).toBe(130);
    const taskId = /^task ([\w-]+)$/m.exec(stderr)?.[1];
    expect(stderr).toContain(`Resume with: novita-vidu wait ${taskId}`);
  });
});

describe.concurrent("help from the spec", () => {
  it("models lists every model and its fields with their limits", async () => {
    const { code, stdout } = await cli(["models"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^vidu-q3-turbo-i2v {2}Vidu Q3 Turbo image to video$/m);
    expect(stdout).toMatch(/--duration .*\(1 to 16; default 5\)/);
    expect(stdout).toMatch(/--subject .*name=…,image=…,video=…,voice_id=…/);
    const json = JSON.parse((await cli(["models", "--json"])).stdout);
    expect(json.map((m: { model: string }) => m.model).sort()).toEqual(Object.keys(MODELS).sort());
  });

  it("run <model> --help shows that model's flags", async () => {
    const { code, stdout } = await cli(["run", "vidu-q2-turbo-img2video", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--wm-position <integer>/);
    expect(stdout).toMatch(/--movement-amplitude <choice>/);
    expect(stdout).not.toMatch(/--audio-type/); // a Q3 field
  });
});

describe("the README's CLI commands", () => {
  /** The README's CLI block, as argument lists (comments dropped, continued lines joined). */
  function readmeCommands(): string[][] {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /## The CLI\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    return block
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line.startsWith("novita-vidu "))
      .map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "").slice(1));
  }

  it("each runs as shown, against the mock", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    for (const name of ["cat.png", "dog.png"]) (await import("node:fs")).writeFileSync(join(scratch, name), png);
    const commands = readmeCommands();
    expect(commands.map((c) => c[0])).toEqual(["run", "run", "submit", "wait", "result", "models"]);
    let taskId = "";
    for (const command of commands) {
      const args = command.map((arg) => (arg === "<task_id>" ? taskId : arg));
      const { code, stdout, stderr } = await cli(args[0] === "models" ? args : [...args, "--base-url", mock.url]);
      expect(code, `novita-vidu ${command.join(" ")}\n${stderr}`).toBe(0);
      if (args[0] === "submit") taskId = JSON.parse(stdout).task_id;
    }
    // Each saved video lasts what was asked: by `run --out cat.mp4`, and for `wait`, by the `submit` before it.
    const askedBy = (command?: string[]) => Number(command?.[command.indexOf("--duration") + 1]);
    const seconds = (name: string) => readMp4(readFileSync(join(scratch, name))).durationSeconds;
    expect(seconds("cat.mp4")).toBe(askedBy(commands.find((c) => c.includes("cat.mp4"))));
    expect(seconds("video.mp4")).toBe(askedBy(commands.find((c) => c[0] === "submit")));
  }, 60_000);
});
