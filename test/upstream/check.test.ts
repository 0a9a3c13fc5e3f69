// `npm run upstream` on the fixture pages (the facts of seeds 000, 003 and 004) against the bundled
// spec: it reports exactly the disagreements the spec records, and each alteration of a page as an
// unknown difference that names the endpoint and the field.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type Json, resolve, spec } from "../fixtures/bundled-spec.js";
import { check, checkJson, fixture, fixtureText, replaceOnce, scratch } from "./helpers.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const files = scratch();
afterAll(() => files.remove());

/** The endpoints with a request body, from the spec (no list written here). */
const ENDPOINTS: string[] = Object.entries(spec.paths as Record<string, Json>)
  .filter(([, item]) => item.post?.requestBody)
  .map(([path]) => path.replace("/v3/async/", ""));
const FIXTURED = ["vidu-q2-turbo-img2video", "viduq2-pro-fast", "vidu-q3-turbo-i2v"];

/** `endpoint field aspect` for every disagreement the spec records, read straight from the spec. */
function recordedInSpec(endpoint: string): string[] {
  const found: string[] = [];
  const walk = (object: Json, prefix: string) => {
    for (const name of Object.keys(object["x-novita-page-fields"] ?? {}))
      found.push(`${endpoint} ${prefix}${name} field`);
    for (const [name, node] of Object.entries((object.properties ?? {}) as Record<string, Json>)) {
      for (const aspect of Object.keys(node["x-novita-page"] ?? {}))
        found.push(`${endpoint} ${prefix}${name} ${aspect}`);
      const items = resolve(spec, resolve(spec, node).items ?? {});
      if (items.properties) walk(items, `${prefix}${name}[].`);
    }
  };
  const body = spec.paths[`/v3/async/${endpoint}`].post.requestBody.content["application/json"].schema;
  walk(resolve(spec, body), "");
  return found.sort();
}

describe("npm run upstream on the fixture pages", () => {
  it("has a fixture for each endpoint the seeds cover, and those are endpoints of the spec", () => {
    expect(ENDPOINTS).toEqual(expect.arrayContaining(FIXTURED));
  });

  it("reports exactly the disagreements the spec records, all as known, and exits 0", async () => {
    const { code, result, differences } = await checkJson(...FIXTURED.map(fixture));
    expect(result.errors).toEqual([]);
    expect(differences.filter((d) => d.status !== "known")).toEqual([]);
    expect(code).toBe(0);
    const reported = differences.map((d) => `${d.endpoint} ${d.field} ${d.aspect}`).sort();
    expect(reported).toEqual(FIXTURED.flatMap(recordedInSpec).sort());
    // The records this branch added, so an empty comparison cannot pass.
    expect(reported).toEqual(
      expect.arrayContaining([
        "vidu-q2-turbo-img2video prompt maxLength",
        "vidu-q2-turbo-img2video wm_position absent",
        "vidu-q3-turbo-i2v images minItems",
        "viduq2-pro-fast extra absent",
      ]),
    );
    expect(result.pages.map((p) => [p.endpoint, p.fields])).toEqual([
      ["vidu-q2-turbo-img2video", 11],
      ["viduq2-pro-fast", 10],
      ["vidu-q3-turbo-i2v", 9],
    ]);
  });

  it("prints the known ones apart from the unknown ones, one line each, and a summary", async () => {
    const { code, out } = await check(...FIXTURED.map(fixture));
    expect(code).toBe(0);
    expect(out).not.toContain("✘");
    expect(out).toMatch(/^Known differences, recorded in the spec \(x-novita-page\) \(\d+\):$/m);
    expect(out).toContain("· vidu-q2-turbo-img2video prompt maxLength: page none, spec 2000");
    expect(out).toContain("· vidu-q3-turbo-i2v images minItems: page none, spec 1");
    expect(out).toMatch(/^✔ 3 pages \(.*\), 30 fields: 0 unknown, 0 stale, \d+ known$/m);
  });

  it("says where it compares nothing: sub-fields the page does not give", async () => {
    const { out } = await check(fixture("viduq2-pro-fast"));
    expect(out).toMatch(/note: viduq2-pro-fast subjects: the page gives no sub-fields/);
  });
});

describe("npm run upstream on altered pages", () => {
  const alter = async (endpoint: string, from: string, to: string) => {
    const page = files.write(`model-apis-${endpoint}.md`, replaceOnce(fixtureText(endpoint), from, to));
    const json = await checkJson(page);
    const text = await check(page);
    return { ...json, text: text.out, unknown: json.differences.filter((d) => d.status !== "known") };
  };

  it("reports a changed default", async () => {
    const run = await alter(
      "vidu-q3-turbo-i2v",
      'body="duration" type="integer" default={5}',
      'body="duration" type="integer" default={6}',
    );
    expect(run.code).toBe(1);
    expect(run.unknown).toEqual([
      { endpoint: "vidu-q3-turbo-i2v", field: "duration", aspect: "default", page: 6, spec: 5, status: "unknown" },
    ]);
    expect(run.text).toContain("✘ vidu-q3-turbo-i2v duration default: page 6, spec 5");
  });

  it("reports a field the spec does not have", async () => {
    const run = await alter(
      "viduq2-pro-fast",
      "## Response",
      '<ParamField body="style" type="string" default="general">\n  Look.\n\n  Optional values: `general`, `anime`\n</ParamField>\n\n## Response',
    );
    expect(run.code).toBe(1);
    expect(run.unknown).toMatchObject([
      { endpoint: "viduq2-pro-fast", field: "style", aspect: "field", status: "unknown" },
    ]);
    expect(run.text).toMatch(
      /✘ viduq2-pro-fast style field: the page lists it \(string, default "general", enum .*\); the spec has no such field/,
    );
  });

  it("reports a value removed from a list", async () => {
    const run = await alter("vidu-q2-turbo-img2video", "`540p`, `720p`, `1080p`", "`720p`, `1080p`");
    expect(run.code).toBe(1);
    expect(run.unknown).toEqual([
      {
        endpoint: "vidu-q2-turbo-img2video",
        field: "resolution",
        aspect: "enum",
        page: ["720p", "1080p"],
        spec: ["540p", "720p", "1080p"],
        status: "unknown",
      },
    ]);
  });

  it("reports a changed limit", async () => {
    const run = await alter("vidu-q3-turbo-i2v", "Length limit: 0 - 5000", "Length limit: 0 - 4000");
    expect(run.code).toBe(1);
    expect(run.unknown).toMatchObject([{ field: "prompt", aspect: "maxLength", page: 4000, spec: 5000 }]);
    expect(run.text).toContain("✘ vidu-q3-turbo-i2v prompt maxLength: page 4000, spec 5000");
  });

  it("reports a field made required", async () => {
    const run = await alter(
      "viduq2-pro-fast",
      '<ParamField body="seed" type="integer">',
      '<ParamField body="seed" type="integer" required={true}>',
    );
    expect(run.code).toBe(1);
    expect(run.unknown).toMatchObject([
      { endpoint: "viduq2-pro-fast", field: "seed", aspect: "required", page: true, spec: false },
    ]);
  });

  it("reports a known disagreement whose page reading changed", async () => {
    const run = await alter(
      "vidu-q2-turbo-img2video",
      "What the clip should show",
      "What the clip should show\n\n  Length limit: 0 - 1000",
    );
    expect(run.code).toBe(1);
    expect(run.unknown).toEqual([
      expect.objectContaining({ field: "prompt", aspect: "maxLength", page: 1000, spec: 2000, recorded: null }),
    ]);
    expect(run.text).toContain(
      "✘ vidu-q2-turbo-img2video prompt maxLength: page 1000, spec 2000; the spec records the page as none",
    );
  });

  it("reports a record the page made stale", async () => {
    const limited = await alter("vidu-q3-turbo-i2v", "up to 50MB each", "up to 50MB each.\n\n  Array length: 1 - 3");
    expect(limited.code).toBe(1);
    expect(limited.unknown).toEqual([
      expect.objectContaining({
        field: "images",
        aspect: "minItems",
        page: 1,
        spec: 1,
        status: "stale",
        recorded: null,
      }),
      expect.objectContaining({ field: "images", aspect: "maxItems", page: 3, spec: null, status: "unknown" }),
    ]);
    expect(limited.text).toContain(
      "! vidu-q3-turbo-i2v images minItems: page and spec now agree (1), but the spec still records the page as none",
    );
    const listed = await alter(
      "viduq2-pro-fast",
      "## Response",
      '<ParamField body="extra" type="object">\n  Extra.\n</ParamField>\n\n## Response',
    );
    expect(listed.code).toBe(1);
    expect(listed.text).toContain("! viduq2-pro-fast extra absent: the page lists this field now");
  });

  it("reports a removed field", async () => {
    const run = await alter(
      "viduq2-pro-fast",
      '<ParamField body="bgm" type="boolean" default={false}>',
      '<ParamField body="music" type="boolean" default={false}>',
    );
    expect(run.code).toBe(1);
    expect(run.unknown.map((d) => `${d.field} ${d.aspect}`).sort()).toEqual(["bgm absent", "music field"]);
  });
});

describe("npm run upstream: which endpoint a page is for", () => {
  const withoutName = (text: string) => files.write("page.md", text);

  it("reads it from a POST /v3/async/<endpoint> line when the name does not say", async () => {
    const page = withoutName(
      fixtureText("viduq2-pro-fast").replace(
        "## Request Headers",
        "POST /v3/async/viduq2-pro-fast\n\n## Request Headers",
      ),
    );
    const { code, result } = await checkJson(page);
    expect(code).toBe(0);
    expect(result.pages[0]?.endpoint).toBe("viduq2-pro-fast");
  });

  it("takes --endpoint, and says clearly when it cannot tell", async () => {
    const page = withoutName(fixtureText("vidu-q3-turbo-i2v"));
    expect((await check("--endpoint", "vidu-q3-turbo-i2v", page)).code).toBe(0);
    const unsure = await check(page);
    expect(unsure.code).toBe(2);
    expect(unsure.err).toBe(
      `upstream: ${page}: cannot tell which endpoint it documents: its name is not model-apis-<endpoint> and it has no POST /v3/async/<endpoint> line; pass --endpoint`,
    );
  });

  it("refuses a page whose name and POST line disagree", async () => {
    const page = files.write(
      "model-apis-viduq2-pro-fast.md",
      fixtureText("vidu-q3-turbo-i2v").replace(
        "## Request Headers",
        "POST /v3/async/vidu-q3-turbo-i2v\n## Request Headers",
      ),
    );
    const { code, err } = await check(page);
    expect(code).toBe(2);
    expect(err).toContain(
      "its name says viduq2-pro-fast but it documents POST /v3/async/vidu-q3-turbo-i2v: pass --endpoint",
    );
  });

  it("refuses an endpoint that is not in the spec", async () => {
    const page = files.write("model-apis-vidu-q9-dream.md", fixtureText("vidu-q3-turbo-i2v"));
    const { code, err } = await check(page);
    expect(code).toBe(2);
    expect(err).toMatch(/vidu-q9-dream is not an endpoint of the spec \(.*vidu-q3-turbo-i2v.*\)/);
    expect((await check("--endpoint", "vidu-q9-dream", fixture("vidu-q3-turbo-i2v"))).code).toBe(2);
  });
});

describe("npm run upstream: bad usage", () => {
  it("exits 2 with a one-line error for a page it cannot parse, a missing file, no page or an unknown flag", async () => {
    const rendered = files.write(
      "model-apis-vidu-q3-turbo-i2v.txt",
      "Request Body\n\nseed\ninteger\nValue range: [0, 10]\n",
    );
    const cases: [string[], RegExp][] = [
      [[rendered], /: no request body fields \(<ParamField body="…">\): is this the Markdown \(\.md\) page\?$/],
      [
        [files.write("model-apis-viduq2-pro-fast.md", '<ParamField body="seed" type="integer">\n')],
        /line 1: <ParamField> is never closed$/,
      ],
      [["no/such/page.md"], /no\/such\/page\.md: no such file, and not a URL or an endpoint name$/],
      [[], /^upstream: no page given\nusage: npm run upstream/],
      [["--frobnicate", fixture("viduq2-pro-fast")], /^upstream: Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await check(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(err).toMatch(message);
    }
  });

  it("runs as `npm run upstream`, with its exit codes", async () => {
    const run = promisify(execFile);
    const ok = await run("npm", ["run", "--silent", "upstream", "--", ...FIXTURED.map(fixture)], { cwd: ROOT });
    expect(ok.stdout).toMatch(/^✔ 3 pages/m);
    const changed = files.write(
      "model-apis-viduq2-pro-fast.md",
      fixtureText("viduq2-pro-fast").replace("default={5}", "default={4}"),
    );
    const failed = await run(process.execPath, ["scripts/upstream.mjs", changed], { cwd: ROOT }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toContain("✘ viduq2-pro-fast duration default: page 4, spec 5");
  });
});

describe("npm run upstream on a spec that enforces what no page states", () => {
  /** The bundled spec with `alter` applied to a copy, written where `--spec` can read it. */
  const specWith = (alter: (doc: Json) => void) => {
    const doc = structuredClone(spec);
    alter(doc);
    return files.write(`openapi-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(doc));
  };
  const schemas = (doc: Json) => doc.components.schemas as Record<string, Json>;

  it.each([
    [
      "an invented length limit on a list's items",
      (doc: Json) =>
        (schemas(doc)["ViduQ3TurboI2VRequest"].properties.images.items = { type: "string", maxLength: 99 }),
      "vidu-q3-turbo-i2v images[] maxLength: page none, spec 99",
    ],
    [
      "an invented body cap",
      (doc: Json) => (schemas(doc)["ViduQ3TurboI2VRequest"]["x-max-body-bytes"] = 1024),
      "vidu-q3-turbo-i2v (body) maxBodyBytes: page none, spec 1024",
    ],
    [
      "an invented size limit on images whose page states none",
      (doc: Json) => (schemas(doc)["ImageInputOpen"]["x-max-image-bytes"] = 1024),
      "viduq2-pro-fast subjects[].images maxImageBytes: page none, spec 1024",
    ],
    [
      "an invented rule between fields",
      (doc: Json) =>
        (schemas(doc)["ViduQ3TurboI2VRequest"].not = {
          type: "object",
          required: ["is_rec", "audio"],
          properties: { is_rec: { const: true }, audio: { const: true } },
        }),
      'vidu-q3-turbo-i2v (body) not: page none, spec {"is_rec":[true],"audio":[true]}',
    ],
    [
      "a changed image limit a page states",
      (doc: Json) => (schemas(doc)["ImageInput"]["x-aspect-ratio-range"] = [0.5, 2]),
      "vidu-q3-turbo-i2v images aspectRatioRange: page [0.25,4], spec [0.5,2]",
    ],
  ])("reports %s as unknown and exits 1", async (_, alter, line) => {
    const run = await check("--spec", specWith(alter), ...FIXTURED.map(fixture));
    expect(run.err).toBe("");
    expect(run.out).toContain(`✘ ${line}`);
    expect(run.code).toBe(1);
  });

  it("reports a rule a page states that the spec lost", async () => {
    const lost = specWith((doc) => delete schemas(doc)["ViduQ2TurboImg2VideoRequest"]["x-max-body-bytes"]);
    const run = await check("--spec", lost, fixture("vidu-q2-turbo-img2video"));
    expect(run.out).toContain("✘ vidu-q2-turbo-img2video (body) maxBodyBytes: page 20971520, spec none");
    expect(run.code).toBe(1);
  });
});
