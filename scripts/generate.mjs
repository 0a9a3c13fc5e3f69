#!/usr/bin/env node
// Writes generated/ from spec/, printing one ✔/✘ line per file.
//
//   node scripts/generate.mjs                  write generated/
//   node scripts/generate.mjs --check          write nothing; fail when generated/ differs from spec/
//   node scripts/generate.mjs --out DIR        use DIR instead of generated/
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, ROOT } from "./lib/build.mjs";

const readOr = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

async function main() {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, out: { type: "string" } } });
  const check = values.check ?? false;
  const OUT = values.out ? resolve(values.out) : join(ROOT, "generated");
  const show = (name) => relative(process.cwd(), join(OUT, name));
  let files;
  try {
    files = await build();
  } catch (error) {
    console.error(`✘ generate: ${error.stderr?.toString().trim() || error.message}`);
    process.exit(1);
  }
  let drift = 0;
  const existing = existsSync(OUT) ? readdirSync(OUT, { withFileTypes: true }) : [];
  const stale = existing.filter((e) => e.isFile() && !(e.name in files));
  for (const [name, contents] of Object.entries(files)) {
    const path = join(OUT, name);
    const same = readOr(path) === contents;
    if (check) {
      if (!same) drift++;
      console.log(`${same ? "✔" : "✘"} ${show(name)}${same ? "" : " differs from spec/: run `npm run generate`"}`);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      if (!same) writeFileSync(path, contents);
      console.log(`✔ ${show(name)} (${Buffer.byteLength(contents)} bytes${same ? ", unchanged" : ""})`);
    }
  }
  for (const entry of stale) {
    if (check) drift++;
    else rmSync(join(OUT, entry.name));
    console.log(
      `${check ? "✘" : "✔"} ${show(entry.name)} ${check ? "is not generated from spec/ any more" : "removed"}`,
    );
  }
  if (drift > 0) process.exit(1);
}

await main();
