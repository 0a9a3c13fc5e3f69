// What the one-model app of the bench (test/bench/apps/one-model.js) bundles: its model's validator
// and no other model's, with openapi-fetch as its request builder; and that it stays within its
// budget in bytes (the figures themselves are printed by `npm run bench`).
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../generated/operations.js";
import { BUDGET, bundleApp } from "../bench/bundle.mjs";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const MODEL_PATHS = OPERATIONS.filter((o) => o.method === "POST" && o.requestBody).map((o) => o.path);

describe("the lean one-model app's bundle", () => {
  it("holds the validator of its model only", async () => {
    const code = decode(await bundleApp("one-model.js"));
    expect(code).toContain('"/v3/async/vidu-q3-turbo-i2v"');
    const others = MODEL_PATHS.filter((path) => path !== "/v3/async/vidu-q3-turbo-i2v" && code.includes(`"${path}"`));
    expect(others).toEqual([]);
    // Q3's body has no `subjects`; the first Q2 bodies' subject names would show here.
    expect(code).not.toContain("subjects");
  }, 60_000);

  it("is at most 8,700 bytes minified and gzipped", async () => {
    const code = await bundleApp("one-model.js");
    expect(BUDGET).toBe(8700);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET);
  }, 60_000);

  it("sends with openapi-fetch", async () => {
    const code = decode(await bundleApp("one-model.js"));
    // Strings of openapi-fetch's createClient: the lean client builds its requests with it too.
    expect(code).toMatch(/querySerializer/);
    expect(code).toMatch(/onRequest: must return/);
  }, 60_000);

  it("is what the all-models app is not: that one holds every model", async () => {
    const code = decode(await bundleApp("all-models.js"));
    expect(MODEL_PATHS.filter((path) => !code.includes(`"${path}"`))).toEqual([]);
    expect(code).toMatch(/querySerializer/);
  }, 60_000);
});
