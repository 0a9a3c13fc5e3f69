// What the Go and Python verdict tests share: every body of the contract corpus written to one file
// for a validator in another language, and its verdicts held against the project's validators'
// (generated/validators.js), accepted or refused, body by body.
import { writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { join } from "node:path";
import { validateRequestBody } from "../../generated/validators.js";
import { buildCorpus, type CorpusEntry } from "../contract/corpus.js";
import { schemaRefName, spec } from "../fixtures/bundled-spec.js";

/** One verdict of the other language's validator: accepted, or the field and keyword it refused. */
export interface Verdict {
  valid: boolean;
  field?: string;
  rule?: string;
  message?: string;
}

export const CORPUS: CorpusEntry[] = buildCorpus();

/**
 * Writes the corpus to `dir/bodies.json` as `[{ path, schema, required, body }]` (no `body` for a
 * request without one): the API path, its request body's component and whether a body is required.
 */
export function writeBodies(dir: string): string {
  const file = join(dir, "bodies.json");
  const entries = CORPUS.map(({ path, body }) => {
    const requestBody = spec.paths[path].post.requestBody;
    const schema = schemaRefName(requestBody.content["application/json"].schema);
    if (!schema) throw new Error(`${path}: the request body is not a named component`);
    return { path, schema, required: Boolean(requestBody.required), ...(body !== undefined && { body }) };
  });
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

/** How many bodies each side accepted and refused, and a line for each body where they disagree. */
export function compareVerdicts(language: string, verdicts: Verdict[]) {
  if (verdicts.length !== CORPUS.length)
    throw new Error(`${language} gave ${verdicts.length} verdicts for ${CORPUS.length} bodies`);
  const disagreements: string[] = [];
  let accepted = 0;
  CORPUS.forEach(({ path, what, body }, i) => {
    const theirs = verdicts[i]!;
    const ours = validateRequestBody(path, body);
    if (theirs.valid) accepted += 1;
    if (theirs.valid === (ours.length === 0)) return;
    const why = theirs.valid
      ? `${language} accepts it; the validators refuse ${ours[0]!.field} (${ours[0]!.rule}: ${ours[0]!.message})`
      : `${language} refuses ${theirs.field} (${theirs.rule}: ${theirs.message}); the validators accept it`;
    disagreements.push(`${path}, ${what}: ${why}`);
  });
  return { accepted, refused: verdicts.length - accepted, disagreements };
}

/** The object that holds a field: `subjects[0]` for `subjects[0].name`, `(body)` for `prompt`. */
const parentOf = (field: string) => /^(.*)(?:\.[^.[\]]+|\[\d+\])$/.exec(field)?.[1] ?? "(body)";

/**
 * The bodies that break one rule of one field (the corpus says which) where the verdict names another
 * field: it must name that field, or the object holding it (where `required` and `additionalProperties`
 * apply). A rule between fields (`not`) is the whole body's, and is left out.
 */
export function misnamedFields(verdicts: Verdict[]): string[] {
  const named = CORPUS.flatMap((entry, i) =>
    entry.breaks && entry.breaks.rule !== "not" ? [{ entry, got: verdicts[i]!.field }] : [],
  );
  if (named.length < 100) throw new Error(`only ${named.length} bodies of the corpus break one named field`);
  return named
    .filter(({ entry, got }) => got !== entry.breaks!.field && got !== parentOf(entry.breaks!.field))
    .map(({ entry, got }) => `${entry.path}, ${entry.what}: names ${got}, not ${entry.breaks!.field}`);
}

/**
 * The two verdict tests of a validator in another language, `name` (as its messages call it):
 * the validators' verdict on every body, and the field named where a body breaks one.
 */
export function verdictTests(name: string, verdicts: () => Verdict[]) {
  it(`${name} reaches the validators' verdict on every body of the contract corpus`, () => {
    const { accepted, refused, disagreements } = compareVerdicts(name, verdicts());
    console.log(`${name}: ${accepted} bodies accepted, ${refused} refused, of ${CORPUS.length}`);
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it(`${name} names the field it refuses where a body breaks one rule of one field`, () => {
    expect(misnamedFields(verdicts())).toEqual([]);
  });
}
