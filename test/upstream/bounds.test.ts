// The upstream checker on hostile input: its --timeout is a whole number of ms a timer can hold, and its
// page parser does linear work on any page within the 1 MB a page may have (long runs of blank lines,
// fences that never close, deep nesting, thousands of fields), so a test's own timeout is the only clock.
import { describe, expect, it } from "vitest";
import { DEEPEST_TAGS, PageError, parsePage } from "../../scripts/lib/upstream/page.mjs";
import { MAX_PAGE_BYTES, readPage } from "../../scripts/lib/upstream/source.mjs";
import { main } from "../../scripts/upstream.mjs";
import { fixture } from "./helpers.js";

const FIELD = '<ParamField body="prompt" type="string" required>\nLength limit: 1-2000\n</ParamField>';
/** `filler` repeated to fill most of a page, then one field. */
const pageOf = (filler: string, field = FIELD) =>
  `${filler.repeat(Math.floor((MAX_PAGE_BYTES - field.length - 100) / filler.length))}\n${field}\n`;

describe("--timeout", () => {
  const run = async (...args: string[]) => {
    const fetched: string[] = [];
    const errors: string[] = [];
    const fetch = (async (url: URL) => (
      fetched.push(String(url)),
      new Response("")
    )) as unknown as typeof globalThis.fetch;
    const code = await main(args, { print: () => {}, printError: (line) => errors.push(line), fetch });
    return { code, err: errors.join("\n"), fetched };
  };

  it.each(["3000000000", "2147483648", "1.5", "0", "abc", "1e3", " 12", ""])(
    "%j is refused with exit code 2 and a clear message, before anything is fetched",
    async (value) => {
      const { code, err, fetched } = await run("--timeout", value, "viduq2-pro-fast");
      expect(code).toBe(2);
      expect(err).toMatch(/^upstream: --timeout must be a whole number of milliseconds from 1 to 2147483647 \(got /);
      expect(fetched).toEqual([]);
    },
  );

  it("takes the longest a timer holds", async () => {
    expect((await run("--timeout", "2147483647", fixture("viduq2-pro-fast"))).code).toBe(0);
  });

  it("is checked by readPage itself too", async () => {
    const location = { label: "x", url: new URL("http://127.0.0.1:9/x.md"), nameEndpoint: undefined };
    for (const timeoutMs of [3e9, 1.5, 0, Number.NaN])
      await expect(readPage(location, { timeoutMs, fetch: globalThis.fetch })).rejects.toThrow(
        /timeoutMs must be a whole number of milliseconds/,
      );
  });
});

describe("the page parser, on a 1 MB page", () => {
  it.each([
    ["blank lines", "\n"],
    ["lines of spaces", "  \t \n"],
    ["blank lines after a fence that never closes", "\n", "~~~\n"],
    ["fences of one kind inside a block of the other", "```\n", "~~~\n"],
  ])("of %s reads the field after them", (_, filler, start = "") => {
    const text = start + pageOf(filler);
    expect(text.length).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    const fields = parsePage(text).fields;
    expect(fields.map((f) => [f.name, f.limits])).toEqual([["prompt", { minLength: 1, maxLength: 2000 }]]);
  });

  it.each([
    ["a limit followed by spaces that never end in one", "Length limit: 1", " "],
    ["limits that never finish", "", "Length limit: 1 "],
    ["a value range left open", "Value range: [1", " "],
    ["a max that names no length", "", "max "],
    ["POST lines to no path", "POST http://", "a"],
  ])("of a field's text with %s reads the field", (_, head, filler) => {
    const text = `${head}${filler.repeat(Math.floor((MAX_PAGE_BYTES - 200 - head.length) / filler.length))}`;
    const [field] = parsePage(`<ParamField body="a" type="string">\n${text}\n</ParamField>`).fields;
    expect(field).toMatchObject({ name: "a", limits: {} });
  });

  it("of 30,000 fields, one of them twice, names the one listed twice", () => {
    const fields = Array.from({ length: 30_000 }, (_, i) => `<ParamField body="f${i}" type="string"/>`);
    expect(() => parsePage(`${fields.join("\n")}\n<ParamField body="f7" type="string"/>`)).toThrow(
      new PageError("field f7 is listed twice"),
    );
  });

  it("of one field with 20,000 <Expandable> blocks reads every child", () => {
    const blocks = Array.from(
      { length: 20_000 },
      (_, i) => `<Expandable><ParamField body="c${i}" type="string"/></Expandable>`,
    );
    const [field] = parsePage(`<ParamField body="extra" type="object">${blocks.join("")}</ParamField>`).fields;
    expect(field?.children).toHaveLength(20_000);
  });

  it("of a tag with 200,000 attributes reads them once", () => {
    const attributes = " a".repeat(200_000);
    expect(parsePage(`<ParamField body="x" type="string"${attributes}/>`).fields).toHaveLength(1);
  });

  it("of closing tags that never end with > says so", () => {
    const text = `${'<ParamField body="a" type="object">'.repeat(DEEPEST_TAGS)}${"</ParamField".repeat(50_000)}`;
    expect(() => parsePage(text)).toThrow(/<\/ParamField is not closed with ">"/);
  });

  it(`nested deeper than ${DEEPEST_TAGS} tags is refused`, () => {
    const open = '<ParamField body="a" type="object"><Expandable>'.repeat(20_000);
    expect(() => parsePage(open)).toThrow(new RegExp(`tags nest deeper than ${DEEPEST_TAGS} levels`));
  });
});

describe("the page parser reads a tag's attributes as attributes", () => {
  it("not a tag written inside an attribute's value as another field", () => {
    const text = `<ParamField body="a" type="string" default="<ParamField body='b' type='string'>">\n</ParamField>`;
    expect(parsePage(text).fields.map((f) => [f.name, f.default])).toEqual([
      ["a", "<ParamField body='b' type='string'>"],
    ]);
  });

  it("not an attribute named __proto__ as the tag's other attributes", () => {
    const text = `<ParamField name="x" __proto__={{"body":"injected","type":"string"}}/>\n${FIELD}`;
    expect(parsePage(text).fields.map((f) => f.name)).toEqual(["prompt"]);
  });
});
