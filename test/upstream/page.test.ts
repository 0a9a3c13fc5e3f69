// The page parser reads Novita's Markdown reference pages (Mintlify `<ParamField>` blocks): every body
// field of pages shaped like seeds 000, 003 and 004, the attribute forms MDX allows, nested fields,
// and the lines that state values and limits; and it refuses what is not such a page.
import { describe, expect, it } from "vitest";
import { PageError, allFields, parsePage } from "../../scripts/lib/upstream/page.mjs";
import { fixtureText } from "./helpers.js";

const page = (body: string) => parsePage(`## Request Body\n\n${body}\n`);
const only = (body: string) => {
  const [field, ...rest] = page(body).fields;
  expect(rest).toEqual([]);
  return field;
};

describe("the fixture pages", () => {
  it.each(["vidu-q2-turbo-img2video", "viduq2-pro-fast", "vidu-q3-turbo-i2v"])(
    "reads every body ParamField of %s, in order",
    (endpoint) => {
      const text = fixtureText(endpoint);
      const written = [...text.matchAll(/<ParamField body="([^"]+)"/g)].map((m) => m[1]);
      expect(written.length).toBeGreaterThan(8);
      expect(parsePage(text).fields.map((f) => f.name)).toEqual(written);
    },
  );

  it("reads the facts of seed 000: required, defaults, values, an item count", () => {
    const fields = Object.fromEntries(parsePage(fixtureText("vidu-q2-turbo-img2video")).fields.map((f) => [f.name, f]));
    expect(fields["duration"]).toMatchObject({ type: "integer", required: true, default: 5, limits: {} });
    expect(fields["duration"]?.enum).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(fields["images"]).toMatchObject({ type: "array", required: true, limits: { minItems: 1 } });
    expect(fields["resolution"]).toMatchObject({ default: "720p", enum: ["540p", "720p", "1080p"], required: false });
    const text = fixtureText("vidu-q2-turbo-img2video");
    const line = text.slice(0, text.indexOf('<ParamField body="seed"')).split("\n").length;
    expect(fields["seed"]).toEqual({
      name: "seed",
      type: "integer",
      required: false,
      limits: {},
      children: undefined,
      line,
    });
  });

  it("reads the facts of seed 003: a length limit that starts at 0", () => {
    const prompt = parsePage(fixtureText("viduq2-pro-fast")).fields.find((f) => f.name === "prompt");
    expect(prompt).toMatchObject({ required: true, limits: { minLength: 0, maxLength: 2000 } });
  });

  it("reads the facts of seed 004: value ranges with escaped brackets", () => {
    const fields = Object.fromEntries(parsePage(fixtureText("vidu-q3-turbo-i2v")).fields.map((f) => [f.name, f]));
    expect(fields["seed"]?.limits).toEqual({ minimum: 0, maximum: 2147483647 });
    expect(fields["duration"]).toMatchObject({ default: 5, limits: { minimum: 1, maximum: 16 } });
    expect(fields["audio_type"]).toMatchObject({ default: "all", enum: ["all", "speech_only", "sound_effect_only"] });
  });
});

describe("MDX attributes", () => {
  it("reads quoted, braced and bare attributes", () => {
    expect(only('<ParamField body="a" type="string" required default="x > y">\n</ParamField>')).toMatchObject({
      required: true,
      default: "x > y",
    });
    expect(only("<ParamField body='a' type='integer' required=\"true\" default={-3}>\n</ParamField>")).toMatchObject({
      required: true,
      default: -3,
    });
    expect(only('<ParamField body="a" type="string[]" required={false} default={["x", "y"]} />')).toMatchObject({
      type: "string[]",
      required: false,
      default: ["x", "y"],
    });
    expect(only('<ParamField body="a" type="array" default="[]">\n</ParamField>')?.default).toBe("[]");
  });

  it("keeps an expression it cannot read as a literal as text, and never runs it", () => {
    const field = only('<ParamField body="a" type="string" default={globalThis.pwned = 1}>\n</ParamField>');
    expect(field?.default).toBe("globalThis.pwned = 1");
    expect("pwned" in globalThis).toBe(false);
  });

  it("reads only body fields: headers, query parameters and response fields are not the body", () => {
    const { fields } = page(
      '<ParamField header="Authorization" type="string" required={true}>\n</ParamField>\n' +
        '<ParamField query="q" type="string">\n</ParamField>\n<ParamField body="b" type="string">\n</ParamField>\n' +
        '<ResponseField name="task_id" type="string" required={true}>\n</ResponseField>',
    );
    expect(fields.map((f) => f.name)).toEqual(["b"]);
  });
});

describe("nested fields", () => {
  const nested = `<ParamField body="subjects" type="array" required={true}>
  The subjects.

  Array length: 1 - 7

  <Expandable title="properties" defaultOpen={true}>
    <ParamField body="id" type="string" required={true}>
      Its name.
    </ParamField>

    <ParamField body="images" type="array" required={true}>
      Its pictures.

      Array length: 1 - 3
    </ParamField>

    <ResponseField name="voice_id" type="string" default="">
      Its voice.
    </ResponseField>
  </Expandable>

  Optional values: \`x\`
</ParamField>
<ParamField body="after" type="boolean">
</ParamField>`;

  it("reads the fields inside an <Expandable> as the field's children, with their own lines", () => {
    const { fields } = page(nested);
    expect(fields.map((f) => f.name)).toEqual(["subjects", "after"]);
    const [subjects] = fields;
    expect(subjects?.limits).toEqual({ minItems: 1, maxItems: 7 });
    // Its own text goes on after the <Expandable>; the children's lines are not its own.
    expect(subjects?.enum).toEqual(["x"]);
    expect(subjects?.children?.map((c) => [c.name, c.required, c.limits, c.default])).toEqual([
      ["id", true, {}, undefined],
      ["images", true, { minItems: 1, maxItems: 3 }, undefined],
      ["voice_id", false, {}, ""],
    ]);
    expect(allFields(fields).map((f) => f.name)).toEqual(["subjects", "id", "images", "voice_id", "after"]);
  });
});

describe("lines that state values and limits", () => {
  const field = (text: string, type = "string") =>
    only(`<ParamField body="a" type="${type}">\n  ${text}\n</ParamField>`);

  it("reads 'Optional values' with backticks, and without them as on a rendered copy", () => {
    expect(field("Output size.Optional values: 540p, 720p, 1080p")?.enum).toEqual(["540p", "720p", "1080p"]);
    expect(field("Optional values: `top\\_left`, `top\\_right`")?.enum).toEqual(["top_left", "top_right"]);
  });

  it("reads the older pages' 'Default: `x`<br /> Accepted values:' lines, the header's default winning", () => {
    const older = field("The frame shape. Default: `16:9`<br />\n  Accepted values: `16:9`, `9:16`, `1:1`");
    expect(older).toMatchObject({ default: "16:9", enum: ["16:9", "9:16", "1:1"] });
    const both = only('<ParamField body="a" type="string" default="1:1">\n  Default: `16:9`\n</ParamField>');
    expect(both?.default).toBe("1:1");
  });

  it("reads lengths, counts and ranges, 'unlimited' being no bound", () => {
    expect(field("Length limit: 1 - unlimited")?.limits).toEqual({ minLength: 1 });
    expect(field("Array length: 2 - 2", "array")?.limits).toEqual({ minItems: 2, maxItems: 2 });
    expect(field("Value range: [-1, 0.5]", "number")?.limits).toEqual({ minimum: -1, maximum: 0.5 });
    expect(field("Value range: (0, 1]", "number")?.limits).toEqual({ exclusiveMinimum: 0, maximum: 1 });
    expect(field("Passed through. Maximum 1048576 characters.")?.limits).toEqual({ maxLength: 1048576 });
    expect(field("with a maximum length of 1500 characters")?.limits).toEqual({ maxLength: 1500 });
  });

  it("does not read lines inside code samples", () => {
    const sampled = field(
      'A sample:\n\n  ```\n  Optional values: `no`\n  <ParamField body="inner" type="string">\n  ```\n',
    );
    expect(sampled?.enum).toBeUndefined();
  });
});

describe("what is not a reference page", () => {
  const fails = (text: string, message: RegExp) => {
    expect(() => parsePage(text)).toThrow(PageError);
    expect(() => parsePage(text)).toThrow(message);
  };

  it("refuses a page with no body fields, such as a rendered copy", () => {
    fails("Request Body\n\nseed\ninteger\nValue range: [0, 10]\n", /no request body fields .*Markdown \(\.md\) page/);
  });

  it("refuses tags that do not nest, with the line", () => {
    fails('x\n<ParamField body="a" type="string">\n', /line 2: <ParamField> is never closed/);
    fails('<ParamField body="a" type="string">\n</Expandable>', /line 2: <\/Expandable> closes <ParamField> of line 1/);
    fails("</ParamField>", /line 1: <\/ParamField> closes no open tag/);
    fails('<ParamField body="a" type="string"', /line 1: a tag is not closed/);
    fails('<ParamField body="a type="string">\n</ParamField>', /cannot read the tag's attributes|no closing/);
    fails('<ParamField body="a" default={{>\n</ParamField>', /unbalanced "\{"/);
  });

  it("refuses a body field without a type, or one listed twice", () => {
    fails('<ParamField body="a">\n</ParamField>', /line 1: field a has no type/);
    fails('<ParamField body="a" type="string" />\n<ParamField body="a" type="string" />', /field a is listed twice/);
  });
});

describe("which endpoint the page says it documents", () => {
  it("reads a POST /v3/async/<endpoint> line or a curl --url", () => {
    const body = '<ParamField body="a" type="string" />';
    expect(parsePage(`POST /v3/async/vidu-q2-pro-multiframe\n${body}`).postPath).toBe("vidu-q2-pro-multiframe");
    expect(parsePage(`POST https://api.novita.ai/v3/async/vidu-2.0-img2video\n${body}`).postPath).toBe(
      "vidu-2.0-img2video",
    );
    expect(parsePage(`--url https://api.novita.ai/v3/async/viduq2-pro-fast \\\n${body}`).postPath).toBe(
      "viduq2-pro-fast",
    );
    expect(
      parsePage(`See [the task result](/api-reference/model-apis-task-result).\n${body}`).postPath,
    ).toBeUndefined();
  });
});
