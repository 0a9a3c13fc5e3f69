// What `import("novita-vidu/lean")` loads in Node, from the built package: openapi-fetch and the
// client's own modules, and no model's validator (the app imports the descriptors it uses) and no
// CLI code. A module hook records every file the import resolves; the modules bundled inside each file
// of dist/ are read from the `// dist/…` line esbuild writes above each one.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Every module URL a fresh Node process resolves while importing `entry` (a path under the package root). */
async function loadedBy(entry: string): Promise<string[]> {
  const hook = `export async function resolve(s, c, next) { const r = await next(s, c); console.error("LOADED " + r.url); return r; }`;
  const register = `import { register } from "node:module"; register("data:text/javascript,${encodeURIComponent(hook)}");`;
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [
      "--import",
      `data:text/javascript,${encodeURIComponent(register)}`,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(`${ROOT}${entry}`)})`,
    ],
    { cwd: ROOT },
  );
  return [
    ...new Set(
      stderr
        .split("\n")
        .filter((l) => l.startsWith("LOADED "))
        .map((l) => l.slice(7).replace(`file://${ROOT}`, "")),
    ),
  ];
}

/** The files loaded, and the modules bundled into those of dist/ (their paths under the package root). */
const withBundled = (loaded: string[]) => [
  ...loaded,
  ...loaded
    .filter((url) => url.startsWith("dist/"))
    .flatMap((file) => [...readFileSync(`${ROOT}${file}`, "utf8").matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)])
    .map((match) => match[1]!),
];

describe("importing novita-vidu/lean in Node", () => {
  it("loads openapi-fetch and the client, no model's validator and no CLI code", async () => {
    const loaded = withBundled(await loadedBy("dist/lean.js"));
    expect(loaded).toContain("dist/client/core.js");
    expect(loaded.some((url) => url.includes("node_modules/openapi-fetch/"))).toBe(true);
    // The validators' shared runtime (which the image helpers use too) is no model's validator.
    const heavy = loaded.filter((url) =>
      /generated\/(models\/(?!_runtime\.js)|validators\.js)|dist\/cli\/|dist\/mock\/|commander/.test(url),
    );
    expect(heavy).toEqual([]);
  }, 30_000);

  it("is what the full entry is not: that one loads every model's validator", async () => {
    const loaded = await loadedBy("dist/index.js");
    expect(loaded).toContain("generated/models/index.js");
  }, 30_000);

  it.each(["dist/lean.js", "dist/index.js", "dist/node.js"])(
    "%s leaves Node's fetch unloaded until a request is made",
    async (entry) => {
      // Node loads its fetch (undici, some 12 ms) the first time Response, Request or Headers is read;
      // until then each is a getter on globalThis. A class that extends Response at the top of a
      // module reads it on import.
      const probe = `await import(${JSON.stringify(`${ROOT}${entry}`)});
        console.log(["Response", "Request", "Headers"].filter((k) => !Object.getOwnPropertyDescriptor(globalThis, k).get).join());`;
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe], {
        cwd: ROOT,
      });
      expect(stdout.trim()).toBe("");
    },
    30_000,
  );

  it("would see Node's fetch loaded: reading Response turns its getter into a value", async () => {
    const probe = `void Response; console.log(typeof Object.getOwnPropertyDescriptor(globalThis, "Response").get);`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe]);
    expect(stdout.trim()).toBe("undefined");
  });

  it("would be seen loading CLI code: read the same way, the CLI's own file names its modules and commander", () => {
    const bundled = withBundled(["dist/cli/main.js"]);
    expect(bundled).toContain("dist/cli/fields.js");
    expect(bundled.some((url) => url.startsWith("node_modules/commander/"))).toBe(true);
  });
});
