// The guards at run time: they accept exactly the spec's keys and codes (no inherited property), throw
// what submit throws. (That they bundle no validator: test/entries.test.ts.)
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
