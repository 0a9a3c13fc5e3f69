// The help a terminal user reads, generated from the model table: each flag with its type, limits
// and default, booleans as --x/--no-x (and --x false), required flags without a default, the common
// flags before a model is named; `models <key>`; suggestions that rank partial names; subject parts
// that carry a comma.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suggestions } from "../../src/cli/checks.js";
import { models } from "../../src/cli/fields.js";
import { bundleCli, runCli, scriptedApi } from "./helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-cli-help-"));
let bundle: Awaited<ReturnType<typeof bundleCli>>;
let api: Awaited<ReturnType<typeof scriptedApi>>;

beforeAll(async () => {
  bundle = await bundleCli();
  api = await scriptedApi({ taskId: "t-1" });
}, 60_000);
afterAll(async () => {
  await api?.close();
  bundle?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(bundle.file, scratch, args);
/** The help line of `flag` (commander wraps long ones: joined back). */
const helpOf = (help: string, flag: string) =>
  help
    .replace(/\n {20,}/g, " ")
    .split("\n")
    .find((line) => line.trim().startsWith(`${flag} `)) ?? "";

describe("suggestions for a model that is not one", () => {
  const keys = models().map((m) => m.key);
  it.each([
    ["vidu-q3-turbo", ["vidu-q3-turbo-f2v", "vidu-q3-turbo-i2v", "vidu-q3-turbo-t2v"]],
    ["q3-turbo-i2v", ["vidu-q3-turbo-i2v"]],
    ["vidu-q3-turbo-iv2", ["vidu-q3-turbo-i2v"]],
    ["turbo-q3-i2v", ["vidu-q3-turbo-i2v"]],
    ["zzz", []],
  ])("%s → %j", (given, expected) => {
    expect(suggestions(given, keys)).toEqual(expected);
  });

  it("is one short line, not every key", async () => {
    const { code, stderr } = await cli(["run", "vidu-q3-turbo"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'novita-vidu: unknown model "vidu-q3-turbo". Did you mean vidu-q3-turbo-f2v, vidu-q3-turbo-i2v or vidu-q3-turbo-t2v? (nothing was sent)',
    );
  });
});

describe.concurrent("a model's --help", () => {
  it("types each flag, marks required flags without a default, and shows --x and --no-x", async () => {
    const { stdout } = await cli(["run", "vidu-q2-turbo-img2video", "--help"]);
    const duration = helpOf(stdout, "--duration");
    expect(duration).toMatch(/--duration <integer> .*\[required\]$/);
    expect(duration).not.toMatch(/default/); // required: the API takes no body without it
    expect(helpOf(stdout, "--image")).toMatch(/--image <path\|url> .*a file path or an http\(s\) or data: URL/);
    expect(helpOf(stdout, "--resolution")).toMatch(/--resolution <540p\|720p\|1080p> .*default 720p/);
    expect(helpOf(stdout, "--audio")).toMatch(/--audio \[true\|false\] .*\(default false\)/);
    expect(helpOf(stdout, "--no-audio")).toMatch(/turn --audio off/);
    for (const wrong of [/at least 1 characters/, /\(default \)/, /\)\.;/, /\(choices:/])
      expect(stdout).not.toMatch(wrong);
  });

  it("run --help shows the flags every model takes before one is named", async () => {
    const { code, stdout } = await cli(["run", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--out <file>", "--force", "--timeout <seconds>", "--mock", "--json", "--base-url <url>"])
      expect(stdout).toContain(flag);
  });
});

// In sequence: each reads the body the server saw last.
describe("flags as the help reads them", () => {
  const submit = (model: string, ...more: string[]) => cli(["submit", model, "--base-url", api.url, ...more]);
  const lastBody = () => JSON.parse(api.seen.filter((r) => r.method === "POST").at(-1)!.body);
  const q3 = ["vidu-q3-turbo-i2v", "--image", "https://example.com/a.png"] as const;

  it.each([
    [["--audio", "false"], false],
    [["--audio=false"], false],
    [["--no-audio"], false],
    [["--audio"], true],
    [["--audio", "true"], true],
  ])("%j sends audio: %s", async (flags, audio) => {
    const { code, stderr } = await submit(...q3, ...flags);
    expect(code, stderr).toBe(0);
    expect(lastBody().audio).toBe(audio);
  });

  it("refuses a boolean that is neither true nor false, naming the flag", async () => {
    const { code, stderr } = await submit(...q3, "--audio=maybe");
    expect(code).toBe(2);
    expect(stderr).toMatch(/--audio takes true or false \(got "maybe"\)/);
  });

  it("a subject part carries a comma written \\,", async () => {
    writeFileSync(join(scratch, "a,b.png"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    const subject = ["--subject", "name=cat,image=a\\,b.png,image=https://example.com/x\\,y.png"];
    const { code, stderr } = await submit("viduq2-pro-fast", ...subject, "--prompt", "@1", "--duration", "5");
    expect(code, stderr).toBe(0);
    const [cat] = lastBody().subjects;
    expect(cat.name).toBe("cat");
    expect(cat.images[0]).toMatch(/^data:image\/png;base64,/);
    expect(cat.images[1]).toBe("https://example.com/x,y.png");
  });
});

describe.concurrent("models <key>", () => {
  it("prints that model's flags only", async () => {
    const { code, stdout } = await cli(["models", "vidu-q3-turbo-i2v"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("vidu-q3-turbo-i2v  Vidu Q3 Turbo image to video");
    expect(stdout).toMatch(/--duration .*\(1 to 16; default 5\)/);
    expect(stdout).not.toMatch(/vidu-q2/);
  });

  it("--json prints that model's entry with each field's type and limits", async () => {
    const { stdout } = await cli(["models", "vidu-q3-turbo-i2v", "--json"]);
    const entry = JSON.parse(stdout);
    expect(entry.model).toBe("vidu-q3-turbo-i2v");
    expect(entry.fields.find((f: { name: string }) => f.name === "duration")).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 16,
      default: 5,
      flag: "--duration",
    });
  });

  it("an unknown key gets suggestions and exit 2", async () => {
    const { code, stderr } = await cli(["models", "q3-turbo-i2v"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown model "q3-turbo-i2v"\. Did you mean vidu-q3-turbo-i2v\?/);
  });
});
