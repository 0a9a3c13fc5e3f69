// A YAML 1.1 reader (PyYAML, SnakeYAML and the Java OpenAPI tools on it) takes some plain scalars for
// something else than a YAML 1.2 reader does: `16:9` is the base-60 integer 969, `yes` and `on` are
// true, `0755` is octal. The spec's YAML, sources and bundle, must read the same in both.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { ROOT, spec } from "../fixtures/bundled-spec.js";

const read11 = (text: string) => YAML.parse(text, { version: "1.1" });
const read12 = (text: string) => YAML.parse(text, { version: "1.2" });

describe("YAML read by a YAML 1.1 reader", () => {
  it("reads `16:9`, `yes` and `0755` as a 1.1 reader does (the check below can fail)", () => {
    expect(read11("a: 16:9\nb: yes\nc: 0755\n")).toEqual({ a: 969, b: true, c: 493 });
    expect(read12("a: 16:9\nb: yes\nc: 0755\n")).toEqual({ a: "16:9", b: "yes", c: 755 });
  });

  it("generated/openapi.yaml holds exactly what generated/openapi.json holds, in YAML 1.1 and 1.2", () => {
    const text = readFileSync(join(ROOT, "generated", "openapi.yaml"), "utf8");
    expect(read12(text)).toEqual(spec);
    expect(read11(text)).toEqual(spec);
  });

  it("every file of spec/ reads the same in YAML 1.1 and 1.2", () => {
    const files = readdirSync(join(ROOT, "spec"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".yaml"),
    );
    expect(files.length).toBeGreaterThan(50);
    const differ = files.filter((file) => {
      const text = readFileSync(join(ROOT, "spec", file), "utf8");
      return JSON.stringify(read11(text)) !== JSON.stringify(read12(text));
    });
    expect(differ).toEqual([]);
  });
});
