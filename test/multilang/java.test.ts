// Java: quicktype turns generated/jsonschema/ into classes read and written with Jackson (Debian's
// libjackson2-databind-java), the JDK compiles them with drivers/Driver.java, and the program parses every
// example of the spec and runs every generation against the mock with java.net.http.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ensureDebianPackage } from "./debian.js";
import { DRIVERS, quicktypeModels, run } from "./languages.js";
import { proveLanguage } from "./prove.js";

const JAVAC = "/usr/bin/javac";
const JAVA = "/usr/bin/java";
const JARS = ["jackson-databind", "jackson-core", "jackson-annotations"].map((name) => `/usr/share/java/${name}.jar`);
let sources = new Map<string, string>();

proveLanguage(
  {
    name: "Java",
    async prepare() {
      await ensureDebianPackage(JAVAC, "openjdk-17-jdk-headless");
      await ensureDebianPackage(JARS[0]!, "libjackson2-databind-java");
    },
    // Jackson checks shapes and enum values, but by default reads "8" as 8; quicktype's classes do not
    // check required fields.
    refuses: ["shape", "enum"],
    async build(dir) {
      sources = await quicktypeModels("java", { package: "vidu", "array-type": "list" }, "Converter.java");
      // Debian's jackson-databind (2.14.0+deb12u1) declares ObjectWriter.writeValueAsString as throwing
      // IOException too, so the Converter's `throws JsonProcessingException` does not compile against it:
      // the one edit made to quicktype's output, widened to IOException (what the readers already throw).
      const converter = sources.get("Converter.java")!;
      sources.set("Converter.java", converter.replaceAll("throws JsonProcessingException {", "throws IOException {"));
      const models = join(dir, "vidu");
      mkdirSync(models);
      for (const [file, source] of sources) writeFileSync(join(models, file), source);
      copyFileSync(join(DRIVERS, "Driver.java"), join(dir, "Driver.java"));
      const classpath = [join(dir, "classes"), ...JARS].join(":");
      const javaFiles = [...sources.keys()].map((file) => join("vidu", file));
      await run(
        JAVAC,
        ["-nowarn", "-encoding", "UTF-8", "-cp", classpath, "-d", "classes", ...javaFiles, "Driver.java"],
        {
          cwd: dir,
          timeout: 300_000,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const typeNames = [...sources.keys()].map((file) => file.replace(/\.java$/, ""));
      return { command: JAVA, args: ["-cp", classpath, "Driver"], typeNames };
    },
  },
  () => {
    it("is one class per type plus a Converter, importing only the JDK and Jackson", () => {
      expect(sources.has("Converter.java")).toBe(true);
      for (const name of ["TaskResult", "ErrorResponse", "WebhookEvent"])
        expect(sources.has(`${name}.java`)).toBe(true);
      const imports = [...sources.values()].flatMap((source) =>
        [...source.matchAll(/^import (?:static )?([\w.]+)/gm)].map((m) => m[1]!),
      );
      expect(imports.length).toBeGreaterThan(0);
      for (const name of imports) expect(name).toMatch(/^(java\.|com\.fasterxml\.jackson\.)/);
    });
  },
);
