// What the docs page needs after Redoc has rendered it: links that work from file:// and any static
// host, a favicon that needs no request, the styles that keep codes, reason names and code lines
// readable, and search snippets whose words are apart.
import { FAVICON_SVG } from "../../src/mock/favicon.mjs";
import { GUIDE_CODE } from "./guide-code.mjs";

// Redoc's prerendered sidebar links are paths (`href="/image-to-video"`), and React keeps them when
// it takes the page over: opened in a new tab they lead to file:///image-to-video or a 404. Redoc
// routes by hash, so the hash form is the same place.
const PATH_LINK = /(<a\b[^>]*\bhref=")\/([^"/#][^"]*|)("[^>]*\bdata-discover="true")/g;

const FAVICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;

/** The widest viewport laid out as a phone. */
export const PHONE_MAX_PX = 600;
/** Above a table that scrolls sideways on a phone. */
export const SCROLL_HINT = "Scroll sideways for every column →";

const STYLE = `
/* A code in a table never wraps (008007001, INVALID_REQUEST_BODY, duration): the cell wraps between codes. */
table td code, table th code { white-space: nowrap; word-break: normal; overflow-wrap: normal; }
/* Code wraps its long lines rather than hide them, and keeps clear of the copy button; a sample
   shows whole instead of in a small scroll box. */
pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }
[data-testid="source-code"] { padding-right: 2.75rem !important; }
[data-testid="right-panel"] [data-testid="source-code"] { max-height: none !important; }
[data-testid="right-panel"] { padding-right: 1rem !important; }
/* On a phone: a two-column table (a value and its meaning) stacks each row, the value above its
   meaning, so the meaning is never pushed out of view; a wider table scrolls, says so above it, and
   shades the edge that hides more columns. */
@media (max-width: ${PHONE_MAX_PX}px) {
  table:has(th:nth-child(2):last-child), table:has(th:nth-child(2):last-child) tbody,
  table:has(th:nth-child(2):last-child) tr, table:has(th:nth-child(2):last-child) td { display: block; width: auto; }
  table:has(th:nth-child(2):last-child) thead, table:has(th:nth-child(2):last-child) tr:has(> th) { display: none !important; }
  table:has(th:nth-child(2):last-child) tr { border-top: 1px solid rgba(128, 128, 128, 0.35); padding: 0.5rem 0; }
  table:has(th:nth-child(2):last-child) tbody tr:first-child { border-top: none; }
  table:has(th:nth-child(2):last-child) td { border: none !important; padding: 0.1rem 0.75rem !important; }
  .md-table-wrapper:has(th:nth-child(3))::before {
    content: "${SCROLL_HINT}"; display: block; position: sticky; left: 0; font-size: 0.85em; opacity: 0.75; margin-bottom: 0.25rem;
  }
  .md-table-wrapper:has(th:nth-child(3)) {
    background: linear-gradient(to left, transparent, #fff 70%) right / 2rem 100% no-repeat local,
      linear-gradient(to left, rgba(0, 0, 0, 0.18), transparent) right / 0.75rem 100% no-repeat scroll;
  }
}
`;

// Redoc's offline search indexes a section's text by concatenating the text nodes of its Markdown
// tree with nothing between them, so table cells, list items, paragraphs and line breaks run
// together in snippets ("Failure codeMeaning008007001Prompt missing"). Its text extractor (inlined
// in the page, as minified by Redocly CLI) gets a space before each such node that follows text.
const SEARCH_TEXT =
  /typeof (\w+)\.attributes\?\.content==`string`&&(\w+)\.push\(\1\.attributes\.content\);for\(let \2 of \1\.children\?\?\[\]\)(\w+)\(\2\)\}\}return \3\(\1\),\2\.join\(``\)/g;
/** Markdown tree nodes that a reader sees apart from the text before them. */
export const SEARCH_BREAKS = [
  "paragraph",
  "heading",
  "list",
  "item",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "blockquote",
  "fence",
  "hr",
  "softbreak",
  "hardbreak",
];

/** @param {string} html the page, with Redoc's scripts inlined */
export function spaceSearchText(html) {
  let found = 0;
  const spaced = html.replace(SEARCH_TEXT, (extractor, node, texts) => {
    found++;
    const last = `${texts}[${texts}.length-1]`;
    return `${JSON.stringify(SEARCH_BREAKS)}.includes(${node}.type)&&${texts}.length&&!/\\s$/.test(${last})&&${texts}.push(" "),${extractor}`;
  });
  if (found !== 1)
    throw new Error(
      `docs page: found Redoc's search text extractor ${found} times, not once; a Redocly CLI upgrade changed it, so update SEARCH_TEXT in scripts/lib/docs-page.mjs`,
    );
  return spaced;
}

/** A guide or a concept (a tag with no operations) reads across the page: it has no samples beside it. */
const wideSections = (routes) =>
  routes
    .flatMap((route) => [`[data-section-id="${route}"]`, `[data-section-id^="${route}/"]`])
    .map(
      (s) => `${s} [data-testid="middle-panel"] { width: 100%; max-width: 64rem; }
${s} [data-testid="middle-panel"] > * { max-width: none; width: auto; }
${s} [data-testid="right-panel"] { display: none; }`,
    )
    .join("\n");

/**
 * A relative link (`openapi.json`, `jsonschema/TaskResult.json`) names a file of the site, which sits
 * beside the page in site/ and under the mock's /docs/. The page committed in the repository is
 * elsewhere (generated/docs/index.html, its files in generated/): opened there, from file:// or a
 * server of the repository, its relative links get the way from the page to those files. The links
 * Redoc renders later are mended as they appear.
 * @param {{ committed: string, toFiles: string }} where the page's path in the repository, and the
 *   relative way from its folder to the site's other files (`..`)
 */
export function committedPageLinks({ committed, toFiles }) {
  const up = `${toFiles.replace(/\/?$/, "/")}`;
  const folder = committed.replace(/[^/]*$/, "");
  return `<script>(() => {
  const path = decodeURIComponent(location.pathname);
  if (!path.endsWith(${JSON.stringify(`/${committed}`)}) && !path.endsWith(${JSON.stringify(`/${folder}`)})) return;
  const mend = () => {
    for (const a of document.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      if (!/^(?:[a-z][a-z0-9+.-]*:|[#/?]|\\.\\.\\/)/i.test(href)) a.setAttribute("href", ${JSON.stringify(up)} + href);
    }
  };
  new MutationObserver(mend).observe(document, { subtree: true, childList: true, attributeFilter: ["href"] });
  addEventListener("DOMContentLoaded", mend);
})();</script>`;
}

/**
 * Redoc's prerendered page is its landing; a deep link (`#/route`) jumps only once the app is up, a
 * second later on a slow machine. Until the linked section is at the top, the sections stay hidden
 * (at most DEEP_LINK_WAIT_MS, so a route Redoc does not know still shows the page).
 */
const DEEP_LINK_WAIT_MS = 10_000;
const DEEP_LINK = `<style>.novita-vidu-deep-link [data-section-id] { visibility: hidden; }</style>
<script>(() => {
  const route = decodeURIComponent(location.hash.slice(1).split("#")[0] ?? "");
  if (!route.startsWith("/") || route === "/") return;
  const root = document.documentElement;
  root.classList.add("novita-vidu-deep-link");
  const until = Date.now() + ${DEEP_LINK_WAIT_MS};
  const arrived = () => {
    // A guide's \`##\` part is a section of its own too.
    const section = [...document.querySelectorAll("[data-section-id]")].find((s) => s.dataset.sectionId === route);
    return section && Math.abs(section.getBoundingClientRect().top) < innerHeight / 2;
  };
  const check = () => {
    const done = arrived() ? "arrived" : Date.now() > until ? "timed out" : undefined;
    if (!done) return requestAnimationFrame(check);
    root.classList.remove("novita-vidu-deep-link");
    root.dataset.novitaViduDeepLink = done; // what the docs site test reads
  };
  requestAnimationFrame(check);
})();</script>`;

/**
 * @param {string} html the page as Redoc wrote it
 * @param {string[]} wide the routes (`/getting-started`) of the sections that take the full width
 * @param {{ committed: string, toFiles: string }} [where] where the page is committed (committedPageLinks)
 */
export function finishPage(html, wide = [], where) {
  const style = `<style id="novita-vidu-docs">${STYLE}${wideSections(wide)}\n</style>`;
  const links = where ? `\n${committedPageLinks(where)}` : "";
  return spaceSearchText(html)
    .replace(PATH_LINK, "$1#/$2$3")
    .replace("</head>", `${FAVICON}\n${style}${links}\n${DEEP_LINK}\n${GUIDE_CODE}\n</head>`);
}
