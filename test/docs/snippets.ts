// Code blocks of Markdown files (the README, docs/guides/), and the strict typecheck that proves the
// TypeScript ones compile against the package's sources.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The fenced code blocks of a Markdown text, with their language (`ts`, `sh`, `python`, …). */
export function codeBlocks(markdown: string): { language: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ language: m[1] ?? "", code: m[2] ?? "" }));
}

/**
 * Typechecks each snippet as its own module, strictly, with the package's entries pointing at the
 * sources; resolves to tsc's output, empty when every snippet compiles.
 */
export async function typecheckSnippets(snippets: string[], scratch: string): Promise<string> {
  snippets.forEach((code, i) => writeFileSync(join(scratch, `snippet${i}.ts`), `${code}\nexport {};\n`));
  const paths = {
    "novita-vidu": [join(ROOT, "src/index.ts")],
    "novita-vidu/node": [join(ROOT, "src/node.ts")],
    "novita-vidu/lean": [join(ROOT, "src/lean.ts")],
    "novita-vidu/models": [join(ROOT, "generated/models/index.d.ts")],
    "novita-vidu/models/*": [join(ROOT, "generated/models/*.d.ts")],
    "novita-vidu/mock": [join(ROOT, "src/mock/index.ts")],
    "novita-vidu/mock/node": [join(ROOT, "src/mock/node.ts")],
    msw: [join(ROOT, "node_modules/msw/lib/core/index.d.mts")],
    "msw/browser": [join(ROOT, "node_modules/msw/lib/browser/index.d.mts")],
    "novita-vidu/schema": [join(ROOT, "generated/schema.d.ts")],
    "novita-vidu/validators": [join(ROOT, "generated/validators.d.ts")],
    "novita-vidu/catalog": [join(ROOT, "generated/catalog.d.ts")],
    // The back-end examples' frameworks (devDependencies).
    express: [join(ROOT, "node_modules/@types/express/index.d.ts")],
    hono: [join(ROOT, "node_modules/hono/dist/types/index.d.ts")],
  };
  const compilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: "ESNext",
    moduleResolution: "Bundler",
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules/@types")],
    noEmit: true,
    skipLibCheck: true,
    // The sources import the few plain-JavaScript modules they share with scripts/ (src/mock/favicon.mjs).
    allowJs: true,
    paths,
  };
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }));
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  const result = await promisify(execFile)(tsc, ["-p", scratch]).catch((error) => error);
  return result.stdout ?? "";
}
