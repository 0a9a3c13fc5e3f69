// The code samples that vidu/code-samples writes into the bundle (and so into the docs page): one per
// language for each operation, sending the operation's first example, in code that compiles and a
// shell that parses it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { codeSamples, literal } from "../../scripts/lib/code-samples.mjs";
import * as models from "../../generated/models/index.js";
import { resolveRef } from "../../scripts/lib/ref.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-samples-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Sample {
  lang: string;
  label: string;
  source: string;
}
interface Operation {
  requestBody?: { content: { "application/json": { examples: Record<string, { $ref: string }> } } };
  "x-codeSamples"?: Sample[];
}
const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);
const sample = (operation: Operation, lang: string) =>
  operation["x-codeSamples"]?.find((candidate) => candidate.lang === lang)?.source ?? "";
const firstExample = (operation: Operation) => {
  const [ref] = Object.values(operation.requestBody?.content["application/json"].examples ?? {});
  return ref && resolveRef(spec, ref).value;
};

/** The arguments bash passes to `curl` when it runs a curl sample (curl itself is not run). */
function curlArguments(source: string): string[] {
  const printArguments = `curl() { printf '%s\\0' "$@"; }\n${source}`;
  const output = execFileSync("bash", ["-c", printArguments], {
    env: { NOVITA_API_KEY: "test-key" },
    encoding: "utf8",
  });
  return output.split("\0").slice(0, -1);
}

describe("the code samples", () => {
  it("cover each operation in curl, TypeScript and Python, and no webhook", () => {
    for (const { operation } of operations) {
      const langs = operation["x-codeSamples"]?.map((s) => s.lang) ?? [];
      const examples = Math.max(
        1,
        Object.keys(operation.requestBody?.content["application/json"].examples ?? {}).length,
      );
      expect(langs).toEqual(Array.from({ length: examples }, () => ["curl", "TypeScript", "Python"]).flat());
    }
    expect(JSON.stringify(spec.webhooks)).not.toContain("x-codeSamples");
  });

  it.each(
    operations.filter(
      ({ operation }) => Object.keys(operation.requestBody?.content["application/json"].examples ?? {}).length > 1,
    ),
  )("send each example of POST $path under a label that names it", ({ operation }) => {
    const examples = Object.values(operation.requestBody!.content["application/json"].examples);
    for (const ref of examples) {
      const { summary, value } = resolveRef(spec, ref) as { summary: string; value: unknown };
      const labelled = (lang: string) => operation["x-codeSamples"]!.find((s) => s.label === `${lang}: ${summary}`);
      const typescript = labelled("TypeScript")?.source ?? "";
      const call = `const result = await vidu.run(${/vidu\.run\((\w+), /.exec(typescript)?.[1]}, `;
      expect(typescript).toContain(`${call}${literal(value, "ts", 0, call.length)}, {`);
      expect(labelled("Python")?.source).toContain(`body = ${literal(value, "py", 0, "body = ".length)}\n`);
      const args = curlArguments(labelled("curl")!.source);
      expect(JSON.parse(args[args.indexOf("-d") + 1] ?? "")).toEqual(value);
    }
  });

  it.each(operations.filter(({ method }) => method === "post"))(
    "send the first example of POST $path, in curl and Python",
    ({ path, operation }) => {
      const body = firstExample(operation);
      const args = curlArguments(sample(operation, "curl"));
      expect(args.slice(0, 5)).toEqual([
        `https://api.novita.ai${path}`,
        "-H",
        "Authorization: Bearer test-key",
        "-H",
        "Content-Type: application/json",
      ]);
      expect(JSON.parse(args[args.indexOf("-d") + 1] ?? "")).toEqual(body);
      expect(sample(operation, "Python")).toContain(`body = ${literal(body, "py", 0, "body = ".length)}\n`);
      expect(sample(operation, "Python")).toContain(`f"{API}${path}", json=body`);
    },
  );

  it.each(operations.filter(({ method }) => method === "post"))(
    "in TypeScript run POST $path the lean way: the lean client and the model's descriptor",
    ({ path, operation }) => {
      // The descriptor of this path's model, by the name generated/models/index.js exports it under.
      const key = path.slice("/v3/async/".length);
      const [name] = Object.entries(models).find(([, value]) => (value as { key?: string }).key === key) ?? [];
      expect(name).toBeDefined();
      const source = sample(operation, "TypeScript");
      expect(source).toMatch(/^import \{ createViduClient \} from "novita-vidu\/lean";\n/);
      expect(source).toContain(`import { ${name} } from "novita-vidu/models";\n`);
      expect(source).toContain(`await vidu.run(${name}, `);
      expect(source).not.toContain(JSON.stringify(key));
    },
  );

  it("ask for the task result with the task_id example", () => {
    const { operation } = operations.find(({ path }) => path === "/v3/async/task-result")!;
    expect(curlArguments(sample(operation, "curl"))).toEqual([
      "-G",
      "https://api.novita.ai/v3/async/task-result",
      "--data-urlencode",
      "task_id=8a3c2f0e-5d41-4b2a-9a53-3f6f1d0b7c21",
      "-H",
      "Authorization: Bearer test-key",
    ]);
    expect(sample(operation, "TypeScript")).toContain("await vidu.wait(taskId, {");
  });

  it("in TypeScript compile against this package's client, strictly", () => {
    const files = operations.map(({ operation }, index) => {
      const file = join(scratch, `sample-${index}.ts`);
      writeFileSync(file, sample(operation, "TypeScript"));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      noEmit: true,
      skipLibCheck: true,
      paths: {
        "novita-vidu": [join(ROOT, "src", "index.ts")],
        "novita-vidu/lean": [join(ROOT, "src", "lean.ts")],
        "novita-vidu/models": [join(ROOT, "generated", "models", "index.d.ts")],
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.includes(diagnostic.file.fileName))
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  });

  it("quote a body for the shell, whatever its strings hold", () => {
    const body = { prompt: `it's "quoted" $HOME \`cmd\` \\ ✓` };
    const [curl] = codeSamples({
      server: "https://api.novita.ai",
      path: "/v3/async/model",
      method: "post",
      operationId: "createModel",
      body,
    });
    const args = curlArguments(curl?.source ?? "");
    expect(JSON.parse(args[args.indexOf("-d") + 1] ?? "")).toEqual(body);
  });

  it("refuse an operation they cannot show", () => {
    expect(() => codeSamples({ server: "https://api.novita.ai", path: "/v3/async/model", method: "post" })).toThrow(
      /no code sample for POST \/v3\/async\/model/,
    );
  });
});

describe("literal", () => {
  it("writes each language's literals, and breaks lines only when they do not fit", () => {
    const value = { a: true, b: null, "c-d": [1, "x"] };
    expect(literal(value, "ts")).toBe('{ a: true, b: null, "c-d": [1, "x"] }');
    expect(literal(value, "py")).toBe('{"a": True, "b": None, "c-d": [1, "x"]}');
    expect(literal(value, "json")).toBe('{"a": true, "b": null, "c-d": [1, "x"]}');
    const long = { images: ["https://example.com/inputs/a-long-image-name.png", "https://example.com/b.png"] };
    expect(literal(long, "py")).toBe(
      '{\n    "images": [\n        "https://example.com/inputs/a-long-image-name.png",\n        "https://example.com/b.png",\n    ],\n}',
    );
  });
});
