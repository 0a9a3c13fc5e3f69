// The copy of the spec that the docs page renders: derived from the spec alone, it keeps every tag
// in the sidebar, shows each shared table once, and says in words what Redoc cannot show.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundle } from "../../scripts/lib/build.mjs";
import { resolveRef } from "../../scripts/lib/ref.mjs";
import { describeNot } from "../../scripts/lib/compile-validators.mjs";
import { docsSpec, linkSectionNames, tagRoute, unwrapParagraphs, WEBHOOK_URL } from "../../scripts/lib/docs-spec.mjs";
import { readPageSections } from "../../scripts/lib/guides.mjs";
import { withValueTables } from "../../scripts/lib/value-tables.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
/** The published bundle, with every value table beside its data. */
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
// The page is made from the bare bundle, as scripts/lib/docs.mjs makes it: no table to take out again.
const bare = bundle() as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed spec
const shown = docsSpec(bare, readPageSections(ROOT));

/** A spec whose one schema, Body, has audio and off_peak, and `extra` (a rule between them). */
const schema = (extra: object) => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  tags: [{ name: "Image to Video" }],
  paths: {},
  components: {
    responses: {},
    schemas: {
      Body: {
        type: "object",
        properties: { audio: { type: "boolean" }, off_peak: { type: "boolean" } },
        ...extra,
      },
    },
  },
});

describe("the value tables", () => {
  it("are rendered once per reader: none in the bundle, each beside its data in the published spec", () => {
    expect(JSON.stringify(bare)).not.toContain(" | Meaning |");
    expect(withValueTables(bare)).toEqual(spec);
    expect(spec.components.schemas.AudioType.description).toContain("| `speech_only` | Voice only. |");
  });
});

describe("the docs page's spec", () => {
  it("puts every tag, guide and concept in exactly one sidebar group", () => {
    const grouped = (shown["x-tagGroups"] as { tags: string[] }[]).flatMap((group) => group.tags);
    expect(grouped.sort()).toEqual((shown.tags as { name: string }[]).map((tag) => tag.name).sort());
  });

  it("lists each generation endpoint under its task, newest generation first", () => {
    const order = ["Q3", "Q2", "Q1", "2.0"];
    const posts = Object.values(shown.paths as Record<string, { post?: Record<string, unknown> }>)
      .map((item) => item.post)
      .filter((post) => post?.["x-vidu-generation"]);
    for (let i = 1; i < posts.length; i++) {
      const [a, b] = [posts[i - 1]!, posts[i]!];
      if ((a["tags"] as string[])[0] === (b["tags"] as string[])[0])
        expect(order.indexOf(a["x-vidu-generation"] as string)).toBeLessThanOrEqual(
          order.indexOf(b["x-vidu-generation"] as string),
        );
    }
  });

  it("shows the reasons and the failure codes once, in their own sections, and links there", () => {
    const text = JSON.stringify(shown);
    expect(text.split("| `INVALID_REQUEST_BODY` |")).toHaveLength(2);
    expect(text.split("| `008007001` |")).toHaveLength(2);
    const errors = shown.tags.find((tag: { name: string }) => tag.name === "Errors");
    expect(errors.description).toContain("| `TASK_NOT_FOUND` |");
    expect(shown.components.responses.BadRequest.description).toContain(`(${tagRoute("Errors")})`);
    // The bundle itself is untouched: generators and the mock still read every table.
    expect(JSON.stringify(spec).split("| `INVALID_REQUEST_BODY` |").length).toBeGreaterThan(1);
  });

  it("keeps Markdown tables to sections: Redoc's search indexes a field's description as raw text", () => {
    const tables: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      const { description } = node as { description?: unknown };
      if (typeof description === "string" && /^\s*\|.*\|\s*$/m.test(description)) tables.push(at);
      for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
    };
    const { tags, ...rest } = shown;
    walk(rest, "#");
    expect(tables).toEqual([]);
    expect((tags as { description?: string }[]).some((tag) => tag.description?.includes("| --- |"))).toBe(true);
  });

  it("links each operation to the concepts it relies on", () => {
    const seeAlso = (path: string, method: string) =>
      (shown.paths[path][method].description as string).split("See also: ")[1] ?? "";
    const link = (name: string) => `[${name}](${tagRoute(name)})`;
    expect(seeAlso("/v3/async/vidu-q3-turbo-i2v", "post")).toContain(link("Image inputs"));
    expect(seeAlso("/v3/async/vidu-q3-turbo-t2v", "post")).not.toContain(link("Image inputs"));
    expect(seeAlso("/v3/async/vidu-q3-turbo-t2v", "post")).toContain(link("Webhooks"));
    expect(seeAlso("/v3/async/task-result", "get")).toContain(link("Task lifecycle"));
    expect(seeAlso("/v3/async/task-result", "get")).not.toContain(link("Webhooks"));
  });

  it("turns a `not` of two fields, and an if/then, into sentences on the fields", () => {
    const not = docsSpec(
      schema({
        not: {
          title: "Off-peak with sound",
          description: "Sound is not made off-peak.",
          required: ["off_peak", "audio"],
          properties: { off_peak: { const: true }, audio: { const: true } },
        },
      }),
      [],
    ).components.schemas.Body;
    expect(not.not).toBeUndefined();
    // The rule's title and description, and the message the validators give, on each field it names.
    const rule = "**Off-peak with sound.** Sound is not made off-peak. `off_peak` must not be true when audio is true.";
    expect(not.properties.audio.description).toBe(rule);
    expect(not.properties.off_peak.description).toBe(rule);
  });

  it("words Vidu 2.0's duration/resolution rule as the validator does: 8 s is 720p only", () => {
    const body = shown.components.schemas.Vidu20Img2VideoRequest;
    const rule = bare.components.schemas.Vidu20Img2VideoRequest;
    const { field, text } = describeNot(rule.not, rule, (node) => resolveRef(bare, node), "");
    expect(`${field} ${text}`).toBe('resolution must be "720p" when duration is 8');
    for (const name of ["duration", "resolution"]) {
      const description = body.properties[name].description as string;
      expect(description).toContain("**Eight seconds at a resolution other than 720p.** An 8 second video");
      expect(description).toContain('`resolution` must be "720p" when duration is 8.');
      expect(description).not.toContain("Not allowed together");
    }
  });

  it("links a section named in italics, and leaves other italics and code alone", () => {
    expect(shown.info.description).toContain(`[Getting started](${tagRoute("Getting started")})`);
    const errors = shown.tags.find((tag: { name: string }) => tag.name === "Errors");
    expect(errors.description).toContain(`(see [Failure codes](${tagRoute("Failure codes")}))`);
    const sections = new Set(["Errors"]);
    expect(linkSectionNames("see *Errors*, *not one*, `*Errors*`", sections)).toBe(
      "see [Errors](#/errors), *not one*, `*Errors*`",
    );
  });

  it("lists every status of the schema in the lifecycle's table", () => {
    const lifecycle = shown.tags.find((tag: { name: string }) => tag.name === "Task lifecycle");
    const rows = (lifecycle.description as string).split("\n").filter((line) => /^\| `TASK_STATUS_/.test(line));
    expect(rows.map((row) => /`(\w+)`/.exec(row)![1])).toEqual(bare.components.schemas.TaskStatusKnown.enum);
  });

  it("names the webhook by where it is sent, not by its key", () => {
    expect(Object.keys(shown.webhooks)).toEqual([WEBHOOK_URL]);
    expect(shown.webhooks[WEBHOOK_URL].post.operationId).toBe(bare.webhooks.asyncTaskResult.post.operationId);
  });

  it("turns an if/then into a sentence on the field", () => {
    const ifThen = docsSpec(
      schema({
        if: { required: ["audio"], properties: { audio: { const: true } } },
        then: { properties: { off_peak: { const: false } } },
      }),
      [],
    ).components.schemas.Body;
    expect([ifThen.if, ifThen.then]).toEqual([undefined, undefined]);
    expect(ifThen.properties.off_peak.description).toBe("Must be `false` with `audio: true`.");
  });

  it("joins a paragraph's lines, and leaves tables, lists and code alone", () => {
    const text = "Poll until `task.status`\nis done.\n\n| a | b |\n| --- | --- |\n\n- one\n- two\n\n```sh\nx\ny\n```";
    expect(unwrapParagraphs(text)).toBe(
      "Poll until `task.status` is done.\n\n| a | b |\n| --- | --- |\n\n- one\n- two\n\n```sh\nx\ny\n```",
    );
  });
});
