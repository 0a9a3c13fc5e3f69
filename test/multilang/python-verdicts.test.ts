// Python: Debian's python3-jsonschema (Draft 2020-12) validates every body of the contract corpus
// against its request body's schema in generated/jsonschema/ (drivers/verdicts.py); each verdict must
// be the project's validators'.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { validateRequestBody } from "../../generated/validators.js";
import { ROOT } from "../fixtures/bundled-spec.js";
import { ensureDebianPackage } from "./debian.js";
import { DRIVERS, run, scratch } from "./languages.js";
import { compareVerdicts, CORPUS, verdictTests, writeBodies, type Verdict } from "./verdicts.js";

// Debian's interpreter, whose dist-packages hold Debian's jsonschema (another python3 on the PATH may
// have another jsonschema, or none).
const PYTHON = "/usr/bin/python3";
const JSONSCHEMA = "/usr/lib/python3/dist-packages/jsonschema/__init__.py";

const work = scratch("python-verdicts");
afterAll(work.remove);
let verdicts: Verdict[] = [];
let version = "";

beforeAll(async () => {
  await ensureDebianPackage(PYTHON, "python3");
  await ensureDebianPackage(JSONSCHEMA, "python3-jsonschema");
  // -I: isolated from the user's site-packages and PYTHON* variables, so the jsonschema is Debian's.
  const probe = "import importlib.metadata as m, jsonschema; print(m.version('jsonschema'), jsonschema.__file__)";
  version = (await run(PYTHON, ["-I", "-c", probe])).stdout.trim();
  const { stdout } = await run(
    PYTHON,
    ["-I", join(DRIVERS, "verdicts.py"), join(ROOT, "generated", "jsonschema"), writeBodies(work.dir)],
    { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  verdicts = JSON.parse(stdout);
}, 300_000);

it("runs Debian's jsonschema", () => {
  expect(version).toMatch(new RegExp(`^4\\.\\d+\\.\\d+ ${JSONSCHEMA}$`));
});

verdictTests("jsonschema (Python)", () => verdicts);

it("would name the body and the field of a verdict that differs", () => {
  const refusedAt = CORPUS.findIndex((entry) => entry.breaks?.rule === "maximum");
  const flipped = verdicts.map((verdict, i) => (i === refusedAt ? { valid: true } : verdict));
  const { path, what, body } = CORPUS[refusedAt]!;
  const [ours] = validateRequestBody(path, body);
  expect(compareVerdicts("jsonschema (Python)", flipped).disagreements).toEqual([
    `${path}, ${what}: jsonschema (Python) accepts it; the validators refuse ${ours!.field} (maximum: ${ours!.message})`,
  ]);
});
