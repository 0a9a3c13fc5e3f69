// Go: kin-openapi (Debian's golang-github-getkin-kin-openapi-dev, built offline from /usr/share/gocode)
// loads generated/openapi-3.0.json, validates it, and checks every body of the contract corpus as a
// request with openapi3filter (drivers/verdicts.go); each verdict must be the project's validators'.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "../fixtures/bundled-spec.js";
import { ensureDebianPackage } from "./debian.js";
import { DRIVERS, run, scratch } from "./languages.js";
import { verdictTests, writeBodies, type Verdict } from "./verdicts.js";

const GO = "/usr/bin/go";
// Debian installs Go libraries as source under /usr/share/gocode, a GOPATH.
const GOCODE = "/usr/share/gocode";
const KIN_OPENAPI = join(GOCODE, "src", "github.com", "getkin", "kin-openapi", "openapi3filter");

const work = scratch("go-verdicts");
afterAll(work.remove);
let verdicts: Verdict[] = [];

beforeAll(async () => {
  await ensureDebianPackage(GO, "golang-go");
  await ensureDebianPackage(KIN_OPENAPI, "golang-github-getkin-kin-openapi-dev");
  copyFileSync(join(DRIVERS, "verdicts.go"), join(work.dir, "verdicts.go"));
  // GOPATH mode on Debian's sources: no module proxy, no toolchain download, no C compiler.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GO111MODULE: "off",
    GOPATH: GOCODE,
    GOFLAGS: "",
    GOPROXY: "off",
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
  };
  if (!env["HOME"] && !env["GOCACHE"]) env["GOCACHE"] = join(work.dir, ".gocache");
  await run(GO, ["build", "-o", "verdicts", "verdicts.go"], { cwd: work.dir, env, timeout: 300_000 });
  const program = join(work.dir, "verdicts");
  const { stdout } = await run(program, [join(ROOT, "generated", "openapi-3.0.json"), writeBodies(work.dir)], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  verdicts = JSON.parse(stdout);
}, 300_000);

verdictTests("kin-openapi (Go)", () => verdicts);
