// Go: quicktype turns generated/jsonschema/ into structs with Unmarshal/Marshal functions, Debian's
// golang-go compiles them with drivers/main.go (standard library only, no module downloads), and the
// program parses every example of the spec and runs every generation against the mock.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ensureDebianPackage } from "./debian.js";
import { DRIVERS, quicktypeModels, run, withoutEmpty } from "./languages.js";
import { proveLanguage } from "./prove.js";

const GO = "/usr/bin/go";
let models = "";

/** registry.go: each generated type's name → parse JSON as that type and write it back. */
function registry(typeNames: string[]): string {
  const entries = typeNames.map(
    (name) =>
      `\t${JSON.stringify(name)}: func(data []byte) ([]byte, error) {\n` +
      `\t\tvalue, err := Unmarshal${name}(data)\n\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n` +
      `\t\treturn value.Marshal()\n\t},`,
  );
  return `// Written by test/multilang/go.test.ts from the names in models.go.\npackage main\n\nvar registry = map[string]func([]byte) ([]byte, error){\n${entries.join("\n")}\n}\n`;
}

proveLanguage(
  {
    name: "Go",
    prepare: () => ensureDebianPackage(GO, "golang-go"),
    refuses: ["numeric-string", "shape"],
    // quicktype tags optional lists and maps `omitempty`, so encoding/json leaves out an empty one.
    writesBack: withoutEmpty,
    async build(dir) {
      models = (await quicktypeModels("go", { package: "main" }, "models.go")).get("models.go")!;
      const typeNames = [...models.matchAll(/^func Unmarshal(\w+)\(data \[\]byte\)/gm)].map((m) => m[1]!);
      writeFileSync(join(dir, "models.go"), models);
      writeFileSync(join(dir, "registry.go"), registry(typeNames));
      writeFileSync(join(dir, "go.mod"), "module vidu\n\ngo 1.19\n");
      copyFileSync(join(DRIVERS, "main.go"), join(dir, "main.go"));
      // Offline and local: no module proxy, no toolchain download, no C compiler.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        GOPROXY: "off",
        GOTOOLCHAIN: "local",
        GOFLAGS: "-mod=mod",
        CGO_ENABLED: "0",
      };
      if (!env["HOME"] && !env["GOCACHE"]) env["GOCACHE"] = join(dir, ".gocache");
      await run(GO, ["build", "-o", "driver", "."], { cwd: dir, env, timeout: 300_000 });
      return { command: join(dir, "driver"), args: [], typeNames };
    },
  },
  () => {
    it("is one file of structs that imports only the standard library", () => {
      const imports = [...models.matchAll(/^import "([^"]+)"/gm)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((path) => path!.includes("."))).toEqual([]);
      for (const name of ["ViduQ3TurboI2VRequest", "TaskResult", "ErrorResponse", "WebhookEvent"]) {
        expect(models).toMatch(new RegExp(`^type ${name} struct \\{`, "m"));
      }
    });
  },
);
