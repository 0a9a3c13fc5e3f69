// What the docs page needs after Redoc has rendered it: links that work from file:// and any static
// host, a favicon that needs no request, and the styles that keep codes, reason names and code lines
// readable.

// Redoc's prerendered sidebar links are paths (`href="/image-to-video"`), and React keeps them when
// it takes the page over: opened in a new tab they lead to file:///image-to-video or a 404. Redoc
// routes by hash, so the hash form is the same place.
const PATH_LINK = /(<a\b[^>]*\bhref=")\/([^"/#][^"]*|)("[^>]*\bdata-discover="true")/g;

const FAVICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3b3b98"/><path d="M6 4.5v7l5.5-3.5z" fill="#fff"/></svg>`,
)}">`;

const STYLE = `
/* A code or a reason name in a table's first column never wraps (008007001, INVALID_REQUEST_BODY). */
table td:first-child code, table th:first-child code { white-space: nowrap; }
/* Code wraps its long lines rather than hide them, and keeps clear of the copy button; a sample
   shows whole instead of in a small scroll box. */
pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }
[data-testid="source-code"] { padding-right: 2.75rem !important; }
[data-testid="right-panel"] [data-testid="source-code"] { max-height: none !important; }
[data-testid="right-panel"] { padding-right: 1rem !important; }
`;

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
 * @param {string} html the page as Redoc wrote it
 * @param {string[]} wide the routes (`/getting-started`) of the sections that take the full width
 */
export function finishPage(html, wide = []) {
  const style = `<style id="novita-vidu-docs">${STYLE}${wideSections(wide)}\n</style>`;
  return html.replace(PATH_LINK, "$1#/$2$3").replace("</head>", `${FAVICON}\n${style}\n</head>`);
}
