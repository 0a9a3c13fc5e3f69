// Renders the bundled spec into generated/docs/index.html with Redocly CLI's build-docs (Redoc 3):
// one self-contained page, with Redoc's scripts inlined so that it loads nothing from another host.
// It renders docsSpec's copy of the spec (guides and concepts as sections, the sidebar's groups).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { siteFiles } from "../../src/mock/docs-site.mjs";
import YAML from "yaml";
import { docsSpec, operationsOf, tagRoute } from "./docs-spec.mjs";
import { readPageSections } from "./guides.mjs";
import { finishPage } from "./docs-page.mjs";

// Once the page runs, Redoc's "API docs by Redocly" badge fetches its logo from Redocly's CDN. The
// page must load nothing from another host, so the badge gets the name drawn in an inline SVG.
const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" width="52" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#5f5f5f">Redocly</text></svg>`,
)}`;
// A script, style, font or module the page would fetch from another host (Redoc's CDN without
// --inlineBundle: `<link rel="modulepreload" href=…>`, `import { hydrate } from "https://…"`).
const REMOTE_RESOURCE =
  /<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^\s"'>]+|\bfrom\s*["'](?:https?:)?\/\/[^"']+|@import\s+(?:url\()?\s*["']?(?:https?:)?\/\/[^"')\s]+|url\(\s*["']?(?:https?:)?\/\/[^"')\s]+/i;

/**
 * Redoc shows the samples whose label is one of its languages: each language of redocly.yaml, once
 * per label its samples carry (`curl`, or `curl: Every option` when an operation has more than one
 * example), in the order the operations first give them.
 * @param {any} shown the spec the page renders
 * @param {{ lang: string }[]} languages redocly.yaml's
 */
export function sampleLanguages(shown, languages) {
  const listed = new Set(languages.map(({ lang }) => lang));
  const labels = new Map();
  for (const { operation } of operationsOf(shown))
    for (const { lang, label = lang } of operation["x-codeSamples"] ?? [])
      if (listed.has(lang)) labels.set(label, lang);
  const sampled = new Set(labels.values());
  return [
    ...[...labels].map(([label, lang]) => ({ lang, label })),
    ...languages.filter(({ lang }) => !sampled.has(lang)),
  ];
}

/**
 * @param {string} root the package's root, whose redocly.yaml holds Redoc's options under `openapi`
 * @param {object} doc the bundled spec
 * @returns {string} the page's HTML
 */
export function buildDocsPage(root, doc) {
  const dir = mkdtempSync(join(tmpdir(), "novita-vidu-docs-"));
  try {
    const shown = docsSpec(doc, readPageSections(root));
    writeFileSync(join(dir, "openapi.json"), JSON.stringify(shown));
    // Redoc's options only: the bundle is already decorated, and decorating it again would add
    // the tables a second time.
    const { openapi } = YAML.parse(readFileSync(join(root, "redocly.yaml"), "utf8"));
    openapi.codeSamples.languages = sampleLanguages(shown, openapi.codeSamples.languages);
    writeFileSync(join(dir, "redocly.yaml"), YAML.stringify({ openapi }));
    const redocly = join(root, "node_modules", ".bin", "redocly");
    const args = ["build-docs", "openapi.json", "--inlineBundle", "-o", "index.html", "--config", "redocly.yaml"];
    execFileSync(redocly, [...args, "--lint-config", "error"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    const wide = shown.tags.filter((tag) => tag["x-traitTag"]).map((tag) => tagRoute(tag.name).slice(1));
    const { "index.html": pageFile, "openapi.json": specFile = pageFile } = siteFiles(root);
    const committed = relative(root, pageFile).split(sep).join("/");
    const toFiles = relative(dirname(pageFile), dirname(specFile)).split(sep).join("/");
    const page = readFileSync(join(dir, "index.html"), "utf8").replace(CDN_LOGO, INLINE_LOGO);
    const html = finishPage(page, wide, { committed, toFiles });
    const remote = REMOTE_RESOURCE.exec(html);
    if (remote) throw new Error(`the docs page would load ${remote[0]}: it must load nothing from another host`);
    return html;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
