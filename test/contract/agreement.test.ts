// The package's validators (run before a request is sent) and Prism (which mocks the API from the same
// spec) must agree on every body: valid or invalid, and for a body that breaks a rule on purpose, both
// must name that field and that rule. The corpus covers every rule of every endpoint.
import { beforeAll, describe, expect, it } from "vitest";
import { validateRequestBody } from "../../generated/validators.js";
import { type CorpusEntry, buildCorpus } from "./corpus.js";
import { ENDPOINTS } from "../fixtures/seed-facts.js";
import { type Violation, postToPrism, prismViolations } from "./helpers.js";

interface Verdicts {
  ours: Violation[];
  prism: Violation[];
  prismStatus: number;
}

const corpus = buildCorpus();
const verdicts = new Map<CorpusEntry, Verdicts>();
const PRISM_CONCURRENCY = 4; // Prism is one process; more in flight only queues

beforeAll(async () => {
  const queue = [...corpus];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const response = await postToPrism(entry.path, entry.body);
      await response.arrayBuffer();
      verdicts.set(entry, {
        ours: validateRequestBody(entry.path, entry.body).map(({ field, rule }) => ({ field, rule })),
        prism: prismViolations(response.headers.get("sl-violations")),
        prismStatus: response.status,
      });
    }
  };
  await Promise.all(Array.from({ length: PRISM_CONCURRENCY }, worker));
});

describe(`${corpus.length} bodies`, () => {
  it("are enough, and both kinds", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(corpus.filter((entry) => !entry.valid).length).toBeGreaterThan(50);
    expect(corpus.filter((entry) => entry.valid).length).toBeGreaterThan(20);
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

  it("are valid when meant to be, and otherwise break, for both, the very field and rule they aim at", () => {
    const wrong = corpus.flatMap((entry) => {
      const { ours, prism } = verdicts.get(entry)!;
      const shown = `${entry.path} ${entry.what}: ours ${JSON.stringify(ours)}, Prism ${JSON.stringify(prism)}`;
      if (entry.valid) return ours.length ? [shown] : [];
      const { field, rule } = entry.breaks ?? {};
      const names = (list: Violation[]) => !entry.breaks || list.some((v) => v.field === field && v.rule === rule);
      return ours.length && names(ours) && names(prism) ? [] : [shown];
    });
    expect(wrong).toEqual([]);
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
