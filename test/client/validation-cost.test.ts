// The generated validators' cost must not grow with the input's size in memory: a length is counted
// without copying the string, and no check backtracks over a long run of one character. (The time
// and memory of a 50 MB image are measured by `npm run bench`.)
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { validateRequestBody } from "../../generated/validators.js";

const Q3 = "/v3/async/vidu-q3-turbo-i2v";
const Q2 = "/v3/async/vidu-q2-turbo-img2video";
const URL_IMAGE = "https://example.com/a.png";
const ASTRAL = "😀"; // one code point, two UTF-16 units
const rules = (path: typeof Q3 | typeof Q2, body: unknown) =>
  validateRequestBody(path, body).map((issue) => `${issue.field}:${issue.rule}`);

describe("length limits", () => {
  const iterate = String.prototype[Symbol.iterator];
  afterEach(() => {
    String.prototype[Symbol.iterator] = iterate;
  });

  it("are checked without iterating (copying) the string", () => {
    String.prototype[Symbol.iterator] = () => {
      throw new Error("the validator iterated a string");
    };
    const image = `data:image/png;base64,${"A".repeat(4096)}`;
    expect(rules(Q3, { images: [image], prompt: "x".repeat(5000) })).toEqual([]);
    // An empty image breaks the pattern (an image input has no length limit of its own).
    expect(rules(Q3, { images: [""], prompt: `${ASTRAL}`.repeat(5001) })).toEqual([
      "images[0]:pattern",
      "prompt:maxLength",
    ]);
  });

  it("are decided by the UTF-16 length alone when it settles them, reading no character", () => {
    const codePointAt = String.prototype.codePointAt;
    let reads = 0;
    String.prototype.codePointAt = function (this: string, index: number) {
      reads++;
      return codePointAt.call(this, index);
    };
    try {
      // More than twice the limit in UTF-16 units is over it in code points too (defect 1: 6.5 s for 50 M).
      expect(rules(Q3, { images: [URL_IMAGE], prompt: "x".repeat(10_001) })).toEqual(["prompt:maxLength"]);
      expect(rules(Q3, { images: [URL_IMAGE], prompt: "x".repeat(5000) })).toEqual([]);
      expect(reads).toBe(0);
    } finally {
      String.prototype.codePointAt = codePointAt;
    }
  });

  it("count code points, not UTF-16 units, at and just past the limit", () => {
    expect(rules(Q3, { images: [URL_IMAGE], prompt: ASTRAL.repeat(5000) })).toEqual([]);
    expect(rules(Q3, { images: [URL_IMAGE], prompt: ASTRAL.repeat(5001) })).toEqual(["prompt:maxLength"]);
    expect(rules(Q3, { images: [URL_IMAGE], prompt: `${ASTRAL.repeat(4999)}ab` })).toEqual(["prompt:maxLength"]);
    // A lone surrogate is one code point, as `[...s]` counts it.
    expect(rules(Q3, { images: [URL_IMAGE], prompt: `\ud800${"x".repeat(4999)}` })).toEqual([]);
    expect(rules(Q3, { images: [URL_IMAGE], prompt: `\udc00\ud800${"x".repeat(4999)}` })).toEqual(["prompt:maxLength"]);
  });
});

describe("the inline image size", () => {
  it("reads the padding of a data URI without backtracking over a run of '='", () => {
    // A regex like /=*$/ takes time quadratic in the run: hours for a million '=' followed by one 'x'.
    // It runs in a child process, so a check that backtracks fails here instead of blocking the run.
    const script = `
      import { validateRequestBody } from "./generated/validators.js";
      const hostile = "data:image/png;base64," + "=".repeat(1_000_000) + "x";
      console.log(JSON.stringify(validateRequestBody("${Q3}", { images: [hostile] }).map((i) => i.rule)));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: new URL("../..", import.meta.url).pathname,
      timeout: 20_000,
      encoding: "utf8",
    });
    expect(child.signal, "the check did not finish: it backtracks").toBeNull();
    expect(JSON.parse(child.stdout)).toEqual(["pattern"]);
  });

  it("counts the decoded bytes, padding included, at and past 50 MB", () => {
    const MB = 1024 * 1024;
    const ofBytes = (bytes: number) => {
      const pad = (3 - (bytes % 3)) % 3;
      return `data:image/png;base64,${"A".repeat(Math.ceil(bytes / 3) * 4 - pad)}${"=".repeat(pad)}`;
    };
    expect(rules(Q3, { images: [ofBytes(50 * MB)] })).toEqual([]);
    expect(rules(Q3, { images: [ofBytes(50 * MB + 1)] })).toEqual(["images[0]:maxImageBytes"]);
    expect(rules(Q3, { images: [ofBytes(50 * MB + 2)] })).toEqual(["images[0]:maxImageBytes"]);
  });
});

describe("the body size", () => {
  it("counts the UTF-8 bytes of the JSON that is sent, at and just past 20 MB", () => {
    const base = { images: [URL_IMAGE], prompt: "p", duration: 5 };
    const overhead = JSON.stringify({ ...base, voice_id: "" }).length;
    const limit = 20 * 1024 * 1024;
    // "é" is two bytes in UTF-8, "€" three, "😀" four (two UTF-16 units).
    for (const [char, bytes] of [
      ["é", 2],
      ["€", 3],
      [ASTRAL, 4],
    ] as const) {
      const count = Math.floor((limit - overhead) / bytes);
      const slack = limit - overhead - count * bytes;
      const at = { ...base, voice_id: char.repeat(count) + "x".repeat(slack) };
      expect(rules(Q2, at), char).toEqual([]);
      expect(rules(Q2, { ...at, voice_id: `${at.voice_id}x` }), char).toEqual(["(body):maxBodyBytes"]);
    }
  });
});
