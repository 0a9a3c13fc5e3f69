// The gate CI runs: today's spec against the last release's (spec/releases/), through `npm run
// spec:diff` as a user runs it, with package.json's version and CHANGELOG.md held to the version rule.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parseVersion, versionProblem } from "../../scripts/lib/release-version.mjs";
import { diffSpecs } from "../../scripts/lib/spec-diff.mjs";
import { ROOT, spec, type Json } from "../fixtures/bundled-spec.js";

const run = promisify(execFile);
const RELEASES = join(ROOT, "spec", "releases");
const releases = readdirSync(RELEASES)
  .flatMap((file) => /^(\d+\.\d+\.\d+)\.openapi\.json$/.exec(file)?.[1] ?? [])
  .sort((a, b) => {
    const [x, y] = [parseVersion(a), parseVersion(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
const latest = releases.at(-1)!;
const releaseFile = (version: string) => join(RELEASES, `${version}.openapi.json`);
const version: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
/** The CHANGELOG's entry for a version: from its `## <version>` heading to the next. */
const entry = (v: string) => changelog.split(/^## /m).find((section) => section.startsWith(`${v}\n`));

const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-spec-diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const specDiff = (...args: string[]) =>
  run("npm", ["run", "-s", "spec:diff", "--", ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe("the last release", () => {
  it("keeps its spec in spec/releases/ and its entry in CHANGELOG.md, which lists its endpoints", () => {
    expect(releases.length).toBeGreaterThan(0);
    for (const release of releases) {
      const released: Json = JSON.parse(readFileSync(releaseFile(release), "utf8"));
      const text = entry(release);
      expect(text, `CHANGELOG.md has an entry for ${release}`).toBeDefined();
      if (release === releases[0])
        for (const [path, item] of Object.entries<Json>(released.paths))
          for (const method of Object.keys(item)) expect(text).toContain(`${method.toUpperCase()} ${path}`);
    }
  });

  it("is followed by package.json's version as the spec's differences since require", async () => {
    const { code, stdout } = await specDiff(releaseFile(latest));
    const lines = stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^\d+ breaking, \d+ not breaking$/);
    const breaking = lines.filter((line) => line.startsWith("✘ breaking: "));
    expect(code).toBe(breaking.length ? 1 : 0);
    expect(versionProblem(latest, version, breaking.length > 0), breaking.join("\n")).toBeUndefined();
    if (version !== latest) expect(entry(version), `CHANGELOG.md has an entry for ${version}`).toBeDefined();
  });
});

describe("npm run spec:diff", () => {
  it("prints each difference and exits 1 when one breaks", async () => {
    const older = structuredClone(spec);
    const path = Object.keys(older.paths)[0]!;
    older.paths[`${path}-legacy`] = older.paths[path];
    older.info.description = "An older description.";
    writeFileSync(join(scratch, "older.json"), JSON.stringify(older));
    const { code, stdout } = await specDiff(join(scratch, "older.json"));
    expect(code).toBe(1);
    expect(stdout.trim().split("\n")).toEqual([
      ...diffSpecs(older, spec).map((d) => `${d.breaking ? "✘ breaking" : "✔ not breaking"}: ${d.at}: ${d.what}`),
      "1 breaking, 1 not breaking",
    ]);
  });

  it("exits 0 on no breaking difference, and 2 on a file that is no spec", async () => {
    const { code, stdout } = await specDiff(join(ROOT, "generated", "openapi.json"));
    expect([code, stdout.trim()]).toEqual([0, "0 breaking, 0 not breaking"]);
    writeFileSync(join(scratch, "not-a-spec.json"), "{}");
    const refused = await specDiff(join(scratch, "not-a-spec.json"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not an OpenAPI document/);
  });
});

describe("the version rule", () => {
  it.each([
    ["0.1.0", "0.1.0", false, true],
    ["0.1.0", "0.1.1", false, true],
    ["0.1.0", "0.1.1", true, false],
    ["0.1.0", "0.2.0", true, true],
    ["0.9.3", "1.0.0", true, true],
    ["1.4.2", "1.5.0", true, false],
    ["1.4.2", "2.0.0", true, true],
    ["1.4.2", "1.4.1", false, false],
  ])("after %s, %s with a breaking change %s: %s", (released, current, breaking, allowed) => {
    expect(versionProblem(released, current, breaking) === undefined).toBe(allowed);
  });
});
