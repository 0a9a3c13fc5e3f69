// Every `pattern` of the spec matches in linear time (issue 13, defect 7: `[^\s/?#]+[^\s]*` made a
// 100 KB URL block the validators, and the mock's every route, for seconds). recheck proves each
// pattern linear; the generated validators are then timed on 100 KB strings in every string field
// of every request example. The bound here is loose, to catch a complexity regression and not a slow
// machine; `npm run bench` gives the real figure.
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { requestBodyPaths, validateRequestBody } from "../../generated/validators.js";
import { nonLinearPatterns, patternsIn } from "../../scripts/lib/redos.mjs";
import { resolve, spec, type Json } from "../fixtures/bundled-spec.js";

const BOUND_MS = 1000;
const LONG = 100_000;
/** Strings that keep a backtracking URL or data-URI pattern busy before it fails at the last character. */
const ATTACKS = [
  `http://${"a".repeat(LONG)} `,
  `https://a${"/".repeat(LONG)} `,
  `data:image/png;base64,${"A".repeat(LONG)}!`,
];

/** Each copy of `value` with one of its strings replaced by `by`. */
function withEachString(value: Json, by: string): Json[] {
  if (typeof value === "string") return [by];
  if (Array.isArray(value))
    return value.flatMap((item, i) => withEachString(item, by).map((v) => value.map((x, j) => (j === i ? v : x))));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) =>
      withEachString(item, by).map((v) => ({ ...value, [key]: v })),
    );
  return [];
}

describe("the spec's patterns", () => {
  const found = patternsIn(spec);

  it("are all proven linear by recheck", async () => {
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(await nonLinearPatterns(found)).toEqual([]);
  }, 120_000);

  it("the check finds the pattern that backtracked, with a string that shows it", async () => {
    const [bad] = await nonLinearPatterns([{ where: "HttpUrl", pattern: String.raw`^https?://[^\s/?#]+[^\s]*$` }]);
    expect(bad).toMatchObject({ where: "HttpUrl", status: "vulnerable" });
    expect(bad?.attack).toMatch(/^'http/);
  }, 60_000);

  it(`leave the generated validators under ${BOUND_MS} ms on a ${LONG / 1000} KB string in any field`, () => {
    let calls = 0;
    let slowest = { ms: 0, where: "" };
    for (const path of requestBodyPaths) {
      const media = spec.paths[path].post.requestBody.content["application/json"];
      for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, Json>)) {
        for (const attack of ATTACKS) {
          for (const body of withEachString(resolve(spec, example).value, attack)) {
            const start = performance.now();
            validateRequestBody(path, body);
            const ms = performance.now() - start;
            calls++;
            if (ms > slowest.ms) slowest = { ms, where: `${path} ${name}` };
            // One slow call is enough to fail; the rest would take minutes more.
            expect(slowest.ms, slowest.where).toBeLessThan(BOUND_MS);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(requestBodyPaths.length * ATTACKS.length);
    expect(slowest.ms, slowest.where).toBeLessThan(BOUND_MS);
  }, 120_000);
});
