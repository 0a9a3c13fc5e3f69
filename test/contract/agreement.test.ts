// The package's validators (run before a request is sent), the shipped mock (novita-vidu/mock, served
// over HTTP) and Prism (which mocks the API from the same spec) must agree on every body: valid or
// invalid, and for a body that breaks a rule on purpose, all three must name that field and that rule.
// The corpus covers every rule of every endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/mock/node.js";
import { validateRequestBody } from "../../generated/validators.js";
import { type CorpusEntry, FULL_BODIES, buildCorpus, missingParts } from "./corpus.js";
import { ENDPOINTS } from "../fixtures/seed-facts.js";
import { AUTH, type Violation, postToPrism, prismViolations, spec } from "./helpers.js";

interface Verdicts {
  ours: Violation[];
  prism: Violation[];
  prismStatus: number;
  /** What the shipped mock named in its X-Mock-Violations header, its status and its message. */
  mock: Violation[];
  mockStatus: number;
  mockMessage: string;
}

const corpus = buildCorpus();
const verdicts = new Map<CorpusEntry, Verdicts>();
const PRISM_CONCURRENCY = 4; // Prism is one process; more in flight only queues
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
  const queue = [...corpus];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const response = await postToPrism(entry.path, entry.body);
      await response.arrayBuffer();
      const answer = await fetch(`${mock.url}${entry.path}`, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: JSON.stringify(entry.body),
      });
      verdicts.set(entry, {
        ours: validateRequestBody(entry.path, entry.body).map(({ field, rule }) => ({ field, rule })),
        prism: prismViolations(response.headers.get("sl-violations")),
        prismStatus: response.status,
        mock: JSON.parse(answer.headers.get("x-mock-violations") ?? "[]"),
        mockStatus: answer.status,
        mockMessage: (await answer.json()).message ?? "",
      });
    }
  };
  await Promise.all(Array.from({ length: PRISM_CONCURRENCY }, worker));
}, 300_000); // the corpus grows with every endpoint: thousands of bodies through Prism
afterAll(() => mock?.close());

describe(`${corpus.length} bodies`, () => {
  it("are enough, and both kinds", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(corpus.filter((entry) => !entry.valid).length).toBeGreaterThan(50);
    expect(corpus.filter((entry) => entry.valid).length).toBeGreaterThan(20);
  });

  it("start from a full body per endpoint that holds every nested object and array its schema allows", () => {
    // Rules inside a nested part are tried only when the base body has it: each endpoint's richest
    // example in the spec must set every part, or this names what it leaves out.
    const gaps = Object.entries(FULL_BODIES).flatMap(([path, body]) =>
      missingParts(body, spec.paths[path].post.requestBody.content["application/json"].schema).map(
        (field) => `${path}: ${field}`,
      ),
    );
    expect(gaps).toEqual([]);
    expect(Object.keys(FULL_BODIES).sort()).toEqual(
      Object.keys(spec.paths)
        .filter((p) => spec.paths[p].post)
        .sort(),
    );
  });

  it("get the same verdict from Prism and the validators", () => {
    const disagreements = corpus.flatMap((entry) => {
      const { ours, prismStatus } = verdicts.get(entry)!;
      const validByUs = ours.length === 0;
      const validByPrism = prismStatus === 200;
      if (prismStatus !== 200 && prismStatus !== 400)
        return [`${entry.path} ${entry.what}: Prism answered ${prismStatus}`];
      return validByUs === validByPrism
        ? []
        : [`${entry.path} ${entry.what}: ours ${validByUs}, Prism ${validByPrism}`];
    });
    expect(disagreements).toEqual([]);
  });

  it("get the same verdict from Prism and the shipped mock: accepted (200) or refused (400)", () => {
    const disagreements = corpus.flatMap((entry) => {
      const { prismStatus, mockStatus } = verdicts.get(entry)!;
      const shown = `${entry.path} ${entry.what}: Prism ${prismStatus}, mock ${mockStatus}`;
      return (prismStatus === 200) === (mockStatus === 200) && [200, 400].includes(mockStatus) ? [] : [shown];
    });
    expect(disagreements).toEqual([]);
  });

  it("are valid when meant to be, and otherwise break, for all three, the very field and rule they aim at", () => {
    const wrong = corpus.flatMap((entry) => {
      const { ours, prism, mock } = verdicts.get(entry)!;
      const shown = `${entry.path} ${entry.what}: ours ${JSON.stringify(ours)}, Prism ${JSON.stringify(prism)}, mock ${JSON.stringify(mock)}`;
      if (entry.valid) return ours.length || mock.length ? [shown] : [];
      const { field, rule } = entry.breaks ?? {};
      const names = (list: Violation[]) => !entry.breaks || list.some((v) => v.field === field && v.rule === rule);
      // Prism reports a rule between fields (a root `not`) on the body: it cannot tell which field is at fault.
      const prismNames = rule === "not" ? prism.some((v) => v.field === "(body)" && v.rule === "not") : names(prism);
      return ours.length && mock.length && names(ours) && prismNames && names(mock) ? [] : [shown];
    });
    expect(wrong).toEqual([]);
  });

  it("are refused by the mock with a message that names the field broken", () => {
    const unnamed = corpus.flatMap((entry) => {
      const { mockMessage } = verdicts.get(entry)!;
      if (!entry.breaks) return [];
      const named = entry.breaks.field === "(body)" || mockMessage.includes(`${entry.breaks.field} `);
      return named && mockMessage.startsWith("Invalid request body: ") ? [] : [`${entry.what}: ${mockMessage}`];
    });
    expect(unnamed).toEqual([]);
  });

  it("break every rule of the source documents", () => {
    // Transcribed independently of the spec (test/fixtures/seed-facts.ts): each limit there must be broken on purpose.
    const broken = new Set(corpus.flatMap((e) => (e.breaks ? [`${e.path} ${e.breaks.field} ${e.breaks.rule}`] : [])));
    const documented = ENDPOINTS.flatMap(({ path, fields }) =>
      Object.entries(fields).flatMap(([name, fact]) => {
        const rules = ["type"];
        if (fact.required) rules.push("required");
        if (fact.enum) rules.push("enum");
        if (fact.minimum !== undefined) rules.push("minimum");
        if (fact.maximum !== undefined) rules.push("maximum");
        if (fact.maxLength !== undefined) rules.push("maxLength");
        if (fact.minItems !== undefined) rules.push("minItems");
        return rules.map((rule) => `${path} ${name} ${rule}`);
      }),
    );
    expect(documented.filter((rule) => !broken.has(rule))).toEqual([]);
    expect(documented.length).toBeGreaterThan(60);
  });
});
