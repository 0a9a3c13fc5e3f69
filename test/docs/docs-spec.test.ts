// The copy of the spec that the docs page renders: derived from the spec alone, it keeps every tag
// in the sidebar, shows each shared table once, and says in words what Redoc cannot show.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundle } from "../../scripts/lib/build.mjs";
import { docsSpec, tagRoute, unwrapParagraphs } from "../../scripts/lib/docs-spec.mjs";
import { readGuides } from "../../scripts/lib/guides.mjs";
import { withValueTables } from "../../scripts/lib/value-tables.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
/** The published bundle, with every value table beside its data. */
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
// The page is made from the bare bundle, as scripts/lib/docs.mjs makes it: no table to take out again.
const bare = bundle();
const shown = docsSpec(bare, readGuides(ROOT));

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
    const not = docsSpec(
      schema({
        not: { required: ["off_peak", "audio"], properties: { off_peak: { const: true }, audio: { const: true } } },
      }),
      [],
    ).components.schemas.Body;
    expect(not.not).toBeUndefined();
    expect(not.properties.audio.description).toBe("Not allowed together with `off_peak: true`.");
    expect(not.properties.off_peak.description).toBe("Not allowed together with `audio: true`.");
    // A side may name several values (`enum`): each is spelled out.
    const values = docsSpec(
      schema({
        not: {
          required: ["off_peak", "audio"],
          properties: { off_peak: { const: true }, audio: { enum: [true, false] } },
        },
      }),
      [],
    ).components.schemas.Body;
    expect(values.properties.off_peak.description).toBe("Not allowed together with `audio: true` or `audio: false`.");
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
