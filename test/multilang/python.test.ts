// Python: quicktype turns generated/jsonschema/ into dataclasses with from_dict/to_dict, and python3
// (isolated, standard library only) parses every example of the spec with them, refuses bodies of the
// wrong shape, and runs every generation against the mock with urllib (drivers/driver.py).
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bodies, schemaRefName, spec, specExamples } from "../fixtures/bundled-spec.js";
import { ensureDebianPackage } from "./debian.js";
import { DRIVERS, quicktypeModels, run } from "./languages.js";
import { proveLanguage } from "./prove.js";

const PYTHON = "python3";
let models = "";

proveLanguage(
  {
    name: "Python",
    // Any python3 on the PATH; Debian's when there is none.
    prepare: () =>
      run(PYTHON, ["--version"]).then(
        () => undefined,
        () => ensureDebianPackage("/usr/bin/python3", "python3"),
      ),
    // The generated converters assert each field's type and presence, and build an Enum of each value.
    refuses: ["numeric-string", "shape", "enum", "required"],
    async build(dir) {
      models = (await quicktypeModels("python", { "python-version": "3.7" }, "vidu_models.py")).get("vidu_models.py")!;
      writeFileSync(join(dir, "vidu_models.py"), models);
      copyFileSync(join(DRIVERS, "driver.py"), join(dir, "driver.py"));
      // Byte-compiles the module: a syntax error fails here, not in the middle of a run.
      await run(PYTHON, ["-I", "-m", "py_compile", join(dir, "vidu_models.py")]);
      const typeNames = [...models.matchAll(/^class (\w+)/gm)].map((m) => m[1]!);
      // -I: isolated from the user's site-packages and PYTHON* variables (PYTHONOPTIMIZE would strip the
      // generated `assert` checks), so only the standard library is there.
      return { command: PYTHON, args: ["-I", join(dir, "driver.py"), dir], typeNames };
    },
  },
  () => {
    it("is dataclasses that import only from the standard library", () => {
      const imports = [...models.matchAll(/^(?:from (\S+) import|import (\S+))/gm)].map((m) => m[1] ?? m[2]);
      expect(imports.length).toBeGreaterThan(0);
      for (const module of imports) expect(["dataclasses", "typing", "enum"]).toContain(module);
      for (const name of ["TaskResult", "ErrorResponse", "WebhookEvent"]) {
        expect(models).toMatch(new RegExp(`@dataclass\\nclass ${name}:`));
      }
    });

    it("has the examples of every request body, task result, error and the webhook", () => {
      const examples = specExamples(spec);
      expect(examples.length).toBeGreaterThanOrEqual(20);
      // Every schema of a request or response body of the spec, the webhook's included, has examples.
      expect(new Set(examples.map((e) => e.schema))).toEqual(
        new Set(bodies(spec).map(({ media }) => schemaRefName(media.schema))),
      );
    });
  },
);
