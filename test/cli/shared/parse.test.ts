// The CLI's one reading of the numbers and URLs people type.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/shared/errors.js";
import { decimal, numberFlag, seconds, urlFlag, wholeNumber } from "../../../src/cli/shared/parse.js";

describe("decimal", () => {
  it("reads decimal digits, with a sign and a fraction", () => {
    expect([decimal("5"), decimal("-1"), decimal("2.5"), decimal(" 7 ")]).toEqual([5, -1, 2.5, 7]);
  });

  it("refuses what Number() would also take", () => {
    for (const text of ["0x10", "0b1", "0o7", "1e3", "Infinity", "", " ", "1.", ".5", "+1", "1_000", "NaN"])
      expect(decimal(text), text).toBeUndefined();
  });
});

describe("wholeNumber", () => {
  it("takes 0 to max, whole", () => {
    expect([wholeNumber("0", 10), wholeNumber("10", 10)]).toEqual([0, 10]);
    for (const text of ["11", "-1", "1.5", "0x1"]) expect(wholeNumber(text, 10), text).toBeUndefined();
  });
});

describe("seconds", () => {
  it("takes a positive decimal number of seconds, as milliseconds, up to what a timer holds", () => {
    expect([seconds("--timeout", "900"), seconds("--timeout", "0.5")]).toEqual([900_000, 500]);
    expect(seconds("--timeout", "2147483")).toBe(2_147_483_000);
    // 2^31 ms and more: Node's setTimeout would fire at once, so a download would "stall" at once.
    expect(() => seconds("--download-timeout", "2147484")).toThrow(
      new UsageError('--download-timeout must be at most 2147483 seconds (got "2147484")'),
    );
    for (const text of ["0", "-1", "1e3", "0x5", "abc", ""])
      expect(() => seconds("--timeout", text), text).toThrow(/--timeout must be a positive number of seconds/);
  });
});

describe("numberFlag and urlFlag", () => {
  it("name the flag and what was given", () => {
    expect(numberFlag("--seed", "42")).toBe(42);
    expect(() => numberFlag("--seed", "0x2a")).toThrow(new UsageError('--seed must be a number (got "0x2a")'));
    expect(urlFlag("--base-url", "http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
    expect(() => urlFlag("--base-url", "ftp://x")).toThrow(
      new UsageError('--base-url must be an http(s) URL (got "ftp://x")'),
    );
    expect(() => urlFlag("--base-url", "127.0.0.1:4010")).toThrow(UsageError);
  });
});
