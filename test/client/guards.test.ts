// The guards at run time: they accept exactly the spec's keys and codes (no inherited property), throw
// what submit throws, and cost a bundle next to nothing (no validator comes with isModelKey).
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MODELS, TASK_FAILURE_CODES } from "../../generated/constants.js";
import { viduQ3TurboI2V } from "../../generated/models/index.js";
import { check, failureMeaning, isModelKey, isTaskFailureCode, parse, ViduValidationError } from "../../src/index.js";

describe("isModelKey and isTaskFailureCode", () => {
  it("accept each key and code of the spec, and nothing else", () => {
    expect(Object.keys(MODELS).every(isModelKey)).toBe(true);
    expect(Object.keys(TASK_FAILURE_CODES).every(isTaskFailureCode)).toBe(true);
    for (const value of ["vidu-q9", "__proto__", "toString", "", 42, null, undefined]) {
      expect(isModelKey(value)).toBe(false);
      expect(isTaskFailureCode(value)).toBe(false);
    }
  });

  it("failureMeaning reads a code's meaning, and nothing for an unknown one", () => {
    expect(failureMeaning("008007004")).toBe(TASK_FAILURE_CODES["008007004"]);
    expect(failureMeaning("constructor")).toBeUndefined();
    expect(failureMeaning(undefined)).toBeUndefined();
  });

  it("isModelKey bundles no validator", async () => {
    const result = await build({
      stdin: {
        contents: 'import { isModelKey } from "./src/index.ts"; console.log(isModelKey(process.argv[2]));',
        resolveDir: ".",
      },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/must be one of/); // the validators' messages
    expect(gzipSync(code).length).toBeLessThan(2048);
  });
});

describe("check and parse", () => {
  const body = { images: ["https://example.com/a.png"], duration: 8 };

  it("accept a valid body as it is", () => {
    expect(check(viduQ3TurboI2V, body)).toBe(true);
    expect(parse(viduQ3TurboI2V, body)).toBe(body);
  });

  it("refuse an invalid one: check says false, parse throws the ViduValidationError submit throws", () => {
    const bad = { ...body, duration: "8" };
    expect(check(viduQ3TurboI2V, bad)).toBe(false);
    const error = (() => {
      try {
        parse(viduQ3TurboI2V, bad);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ViduValidationError);
    expect(error).toMatchObject({ subject: "vidu-q3-turbo-i2v", issues: [{ field: "duration" }] });
  });
});
