// The spec conventions (spec/components/schemas/README.md), checked on every schema of the bundled
// spec, so a schema added later is held to them without a list to update. Each rule is one that a
// third-party generator tripped on (issue 13).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operations, ROOT, spec, subschemas, type Json } from "../fixtures/bundled-spec.js";

const components = spec.components.schemas as Record<string, Json>;
const PASCAL_CASE = /^[A-Z][a-zA-Z0-9]*$/;
const UNIONS = ["anyOf", "oneOf"];

/** Every subschema of every component and of every inline schema in the operations, with where it is. */
function everySchema(): { where: string; node: Json; root: boolean; inRule: boolean }[] {
  const inComponents = Object.entries(components).flatMap(([name, schema]) =>
    subschemas(schema).map(({ pointer, node, inCondition }) => ({
      where: `${name}${pointer}`,
      node,
      root: pointer === "",
      inRule: inCondition,
    })),
  );
  const inline = operations(spec).flatMap(({ where, operation }) =>
    subschemas(JSON.parse(JSON.stringify(operation), (key, value) => (key === "examples" ? undefined : value)))
      .filter(({ node }) => node.schema)
      .flatMap(({ node }) => subschemas(node.schema).map((s) => ({ where, node: s.node, root: false, inRule: false }))),
  );
  return [...inComponents, ...inline];
}

/** A union branch that lets any value of its type through: `{type: string}` with nothing else that constrains. */
const isOpenBranch = (branch: Json) =>
  typeof branch.type === "string" && Object.keys(branch).every((key) => ["type", "description", "title"].includes(key));
const isOpenUnion = (node: Json) => UNIONS.some((keyword) => (node[keyword] ?? []).some(isOpenBranch));

/**
 * Walks `schema` and what it refers to. `onEnum` hears of each `enum` with whether a union around
 * it lets other values of its type through; `onObject` of each object schema.
 */
function walk(
  schema: Json,
  visit: {
    onEnum?: (at: string, open: boolean) => void;
    onUnion?: (at: string, node: Json) => void;
    onObject?: (at: string, node: Json) => void;
  },
) {
  const seen = new Set<string>();
  const go = (node: Json, at: string, open: boolean) => {
    if (!node || typeof node !== "object") return;
    const ref = /^#\/components\/schemas\/(.+)$/.exec(node.$ref ?? "")?.[1];
    if (ref) {
      const key = `${ref} ${open}`;
      if (!seen.has(key)) {
        seen.add(key);
        go(components[ref], ref, open);
      }
      return;
    }
    if (node.enum) visit.onEnum?.(at, open);
    if (UNIONS.some((keyword) => node[keyword])) visit.onUnion?.(at, node);
    if (node.properties || node.type === "object") visit.onObject?.(at, node);
    for (const keyword of UNIONS)
      (node[keyword] ?? []).forEach((b: Json, i: number) => go(b, `${at}/${keyword}/${i}`, isOpenUnion(node)));
    for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Json>))
      go(child, `${at}.${name}`, false);
    if (node.items) go(node.items, `${at}[]`, false);
    if (typeof node.additionalProperties === "object") go(node.additionalProperties, `${at}{}`, false);
  };
  go(schema, "", false);
}

/** The bodies Novita sends (responses, webhook deliveries) and the ones a caller sends (requests, parameters). */
function bodies() {
  const incoming: [string, Json][] = [];
  const outgoing: [string, Json][] = [];
  for (const { where, operation } of operations(spec)) {
    const webhook = where.startsWith("webhooks.");
    for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
      const resolved = response.$ref ? spec.components.responses[response.$ref.split("/").pop()] : response;
      for (const media of Object.values((resolved.content ?? {}) as Record<string, Json>)) {
        (webhook ? outgoing : incoming).push([`${where} ${status}`, media.schema]);
      }
    }
    for (const media of Object.values((operation.requestBody?.content ?? {}) as Record<string, Json>)) {
      (webhook ? incoming : outgoing).push([`${where} request`, media.schema]);
    }
    for (const parameter of (operation.parameters ?? []) as Json[]) {
      const resolved = parameter.$ref ? spec.components.parameters[parameter.$ref.split("/").pop()] : parameter;
      outgoing.push([`${where} ${resolved.name}`, resolved.schema]);
    }
  }
  return { incoming, outgoing };
}

describe("every schema of the spec", () => {
  const all = everySchema();

  it("is walked in full: components, inline parameter schemas", () => {
    expect(all.length).toBeGreaterThan(Object.keys(components).length * 2);
  });

  it("has no `type` list: a union of types is an anyOf of single-type schemas", () => {
    expect(all.filter(({ node }) => Array.isArray(node.type)).map(({ where }) => where)).toEqual([]);
  });

  it("has no if/then/else: a rule like 'not both' is a `not`", () => {
    const found = all.filter(({ node }) => ["if", "then", "else"].some((k) => k in node));
    expect(found.map(({ where }) => where)).toEqual([]);
  });

  // A rule between fields (rules.test.ts) lists the values it forbids inline: they describe no data.
  it("has each enum, anyOf and oneOf as a named component of its own, not inline (a rule's values aside)", () => {
    const inline = all.filter(
      ({ node, root, inRule }) => !root && (UNIONS.some((k) => node[k]) || (node.enum && !inRule)),
    );
    expect(inline.map(({ where }) => where)).toEqual([]);
  });

  it("has one component per set of enum values (two when pages give the same values different meanings)", () => {
    const bySet = new Map<string, string[]>();
    for (const [name, schema] of Object.entries(components)) {
      if (!schema.enum) continue;
      const key = JSON.stringify([schema.type, [...schema.enum].sort(), schema["x-enumDescriptions"] ?? null]);
      bySet.set(key, [...(bySet.get(key) ?? []), name]);
    }
    expect([...bySet.values()].filter((names) => names.length > 1)).toEqual([]);
  });

  it("gives integer enums with meanings their names too (x-enum-varnames), in the enum's order", () => {
    const withMeanings = all.filter(({ node }) => node.type === "integer" && node.enum && node["x-enumDescriptions"]);
    expect(withMeanings.length).toBeGreaterThan(0);
    for (const { where, node } of withMeanings) {
      const names = node["x-enum-varnames"] ?? [];
      expect(names, where).toHaveLength(node.enum.length);
      expect(
        names.filter((n: string) => !PASCAL_CASE.test(n)),
        where,
      ).toEqual([]);
      expect(new Set(names).size, where).toBe(names.length);
      expect(Object.keys(node["x-enumDescriptions"]), where).toEqual(node.enum.map(String));
    }
  });
});

describe("what Novita sends and what a caller sends", () => {
  const { incoming, outgoing } = bodies();

  it("finds the responses, the webhook's delivery and the requests", () => {
    expect(incoming.length).toBeGreaterThan(operations(spec).length);
    expect(outgoing.length).toBeGreaterThanOrEqual(operations(spec).length - 1);
  });

  it("keeps every enum in an answer open: a value the spec does not list yet is accepted", () => {
    const closed: string[] = [];
    for (const [where, schema] of incoming)
      walk(schema, { onEnum: (at, open) => open || closed.push(`${where}: ${at}`) });
    expect([...new Set(closed)]).toEqual([]);
  });

  it("keeps every request strict: closed objects and closed enums", () => {
    const loose: string[] = [];
    for (const [where, schema] of outgoing) {
      walk(schema, {
        onUnion: (at, node) => isOpenUnion(node) && loose.push(`${where}: ${at} lets any value through`),
        onObject: (at, node) => node.additionalProperties !== false && loose.push(`${where}: ${at} is not closed`),
      });
    }
    expect([...new Set(loose)]).toEqual([]);
  });

  it("types an open enum as its known values (a type of their own, for completion) or any string", () => {
    const types = readFileSync(`${ROOT}generated/schema.d.ts`, "utf8");
    const open = Object.entries(components).filter(([, s]) => isOpenUnion(s) && s.anyOf.some((b: Json) => b.$ref));
    expect(open.length).toBeGreaterThanOrEqual(4);
    for (const [name, schema] of open) {
      const known = schema.anyOf
        .find((b: Json) => b.$ref)
        .$ref.split("/")
        .pop();
      expect(types, name).toContain(`${name}: components["schemas"]["${known}"] | string;`);
      const values = components[known].enum.map((v: string) => JSON.stringify(v)).join(" | ");
      expect(types, known).toContain(`${known}: ${values};`);
    }
  });
});
