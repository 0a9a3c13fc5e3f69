// The error responses model Novita's error-code table, status by status and reason by reason (as
// transcribed in test/fixtures/vidu-family/_errors.json), and where Novita's error guide lists other
// statuses the spec records the guide's reading on the Errors tag.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Json, resolve, spec } from "../fixtures/bundled-spec.js";

const errors = JSON.parse(readFileSync(new URL("../fixtures/vidu-family/_errors.json", import.meta.url), "utf8"));
const operations: Json[] = Object.values(spec.paths as Record<string, Json>).flatMap((item) =>
  ["get", "post"].filter((m) => item[m]).map((m) => item[m]),
);
const errorStatuses = (operation: Json) => Object.keys(operation.responses).filter((s) => Number(s) >= 400);

describe("the error responses", () => {
  it("are the error-code table's statuses on every operation, each with the table's reasons", () => {
    const table: Record<string, string[]> = errors.table.reasons;
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      expect(errorStatuses(operation).sort(), operation.operationId).toEqual(Object.keys(table).sort());
      for (const [status, reasons] of Object.entries(table)) {
        const response = resolve(spec, operation.responses[status]);
        expect(Object.keys(response["x-reasons"]).sort(), `${operation.operationId} ${status}`).toEqual(
          [...reasons].sort(),
        );
      }
    }
  });

  it("record the error guide's statuses where they differ from the table's, and say which", () => {
    const tag = (spec.tags as Json[]).find((t) => t.name === "Errors")!;
    expect(tag["x-novita-page"]).toEqual({ statuses: errors.guide.statuses });
    const modelled = new Set(operations.flatMap(errorStatuses).map(Number));
    const unmodelled: number[] = errors.guide.statuses.filter((s: number) => !modelled.has(s));
    expect(unmodelled).toEqual([401, 503, 504]);
    for (const status of unmodelled) expect(tag.description).toContain(String(status));
  });
});
