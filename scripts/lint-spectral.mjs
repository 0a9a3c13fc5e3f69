#!/usr/bin/env node
// `npm run lint:spectral`: Spectral's `spectral:oas` ruleset (.spectral.yaml) on spec/, with no
// error, warning, info or hint allowed. Spectral reads the spec bundled into one file, because
// Spectral 6 wrongly reports a path item that is a `$ref` to another file (spec/openapi.yaml's
// `paths`) as having "unevaluated properties" (stoplightio/spectral#2655).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle, ROOT } from "./lib/build.mjs";

const dir = mkdtempSync(join(tmpdir(), "novita-vidu-spectral-"));
try {
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(bundle()));
  const spectral = join(ROOT, "node_modules", ".bin", "spectral");
  const args = ["lint", file, "--ruleset", join(ROOT, ".spectral.yaml"), "--fail-severity=hint"];
  execFileSync(spectral, args, { cwd: ROOT, stdio: "inherit" });
} catch (error) {
  // Spectral has printed its problems; pass on its exit status.
  process.exitCode = /** @type {{ status?: number }} */ (error).status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
