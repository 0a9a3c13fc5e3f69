// What Redoc's offline search indexes of a section: the text its extractor (inlined in the docs page)
// takes from the section's Markdown tree. Run here on trees shaped as Markdoc parses a table, a list
// and wrapped lines, so a snippet's words are proven apart without a browser.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SEARCH_BREAKS, spaceSearchText } from "../../scripts/lib/docs-page.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const page = readFileSync(join(ROOT, "generated", "docs", "index.html"), "utf8");
const spec = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));

interface MarkdownNode {
  type: string;
  attributes?: { content?: string };
  children?: MarkdownNode[];
}
type Extract = (tree: MarkdownNode) => string;

/** Redoc's extractor as the page holds it: `function X(e){let t=[];function n(e){if(!skip(e)){…}}return n(e),t.join(``)}`. */
function extractorOf(html: string): Extract {
  const found = [
    ...html.matchAll(
      /function \w+\((\w)\)\{let (\w)=\[\];function (\w)\(\1\)\{if\(!(\w+)\(\1\)\)\{([^]*?)\}\}return \3\(\1\),\2\.join\(``\)\}/g,
    ),
  ].filter((match) => match[5]?.includes(".attributes.content"));
  expect(found).toHaveLength(1);
  const [source, , , , skip] = found[0]!;
  // The skip test (HTML script and style tags) is the page's own; these trees have none.
  return new Function(skip!, `return ${source}`)(() => false) as Extract;
}

const text = (content: string): MarkdownNode => ({ type: "text", attributes: { content } });
const code = (content: string): MarkdownNode => ({ type: "code", attributes: { content } });
const node = (type: string, ...children: MarkdownNode[]): MarkdownNode => ({ type, children });
const inline = (...children: MarkdownNode[]) => node("inline", ...children);

/** The failure-code table as Markdoc parses the concept's Markdown: a header row, then one row per code. */
function failureCodeTable(): { tree: MarkdownNode; rows: string[][] } {
  let codes: Record<string, string> | undefined;
  JSON.stringify(spec, (key, value) => ((codes ??= key === "x-vidu-failure-codes" ? value : undefined), value));
  const rows = Object.entries(codes ?? {});
  expect(rows.length).toBeGreaterThan(1);
  const tree = node(
    "document",
    node("paragraph", inline(text("Vidu's codes:"))),
    node(
      "table",
      node("thead", node("tr", node("th", inline(text("Failure code"))), node("th", inline(text("Meaning"))))),
      node(
        "tbody",
        ...rows.map(([value, meaning]) =>
          node("tr", node("td", inline(code(value))), node("td", inline(text(meaning)))),
        ),
      ),
    ),
  );
  return { tree, rows: [["Failure code", "Meaning"], ...rows] };
}

describe("the docs page's search text", () => {
  const extract = extractorOf(page);

  it("keeps table cells, rows and the paragraph before them apart", () => {
    const { tree, rows } = failureCodeTable();
    expect(extract(tree)).toBe(["Vidu's codes:", ...rows.flat()].join(" "));
  });

  it("keeps list items, headings and wrapped lines apart, and words inside a line as written", () => {
    const tree = node(
      "document",
      node("heading", inline(text("Waiting"))),
      node("paragraph", inline(text("Poll until "), code("task.status"), node("softbreak"), text("is done."))),
      node("list", node("item", inline(text("one"))), node("item", inline(code("two"), text("s")))),
    );
    expect(extract(tree)).toBe("Waiting Poll until task.status is done. one twos");
  });

  it("is Redoc's own extractor, changed only where the page is built", () => {
    const { tree } = failureCodeTable();
    const unchanged = page.replace(/\["paragraph"[^\]]*\]\.includes\(\w+\.type\)&&[^,]+,/, "");
    expect(unchanged).not.toBe(page);
    // Redoc's extractor as shipped runs the cells together: the reason for the change.
    expect(extractorOf(unchanged)(tree)).toContain("Failure codeMeaning");
    expect(spaceSearchText(unchanged)).toBe(page);
    expect(JSON.stringify(SEARCH_BREAKS)).toContain('"td"');
  });

  it("refuses a page whose extractor it does not find, naming what to update", () => {
    expect(() => spaceSearchText("<html></html>")).toThrow(/found Redoc's search text extractor 0 times.*SEARCH_TEXT/);
  });
});
