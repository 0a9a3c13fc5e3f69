#!/usr/bin/env node
// Checks the spec against Novita's Markdown reference pages, both ways: every body field's name, type,
// required flag, default, values and limits, and every rule the spec enforces (on a list's items, image
// formats and sizes, body caps, rules between fields) against what the page, or for its prose the
// endpoint's transcription in test/fixtures/vidu-family/, states. Differences the spec records (`x-novita-page` on a field,
// `x-novita-page-fields` on a schema) are listed as known; any other one fails the check.
//
//   npm run upstream -- <page>...   a file, an http(s) URL, or an endpoint name (Novita's .md page)
//
// Exit code: 0 nothing unknown differs; 1 something does (or a record is stale); 2 bad usage or a page
// that cannot be read or parsed.
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compare, SpecError } from "./lib/upstream/compare.mjs";
import { PageError, parsePage } from "./lib/upstream/page.mjs";
import {
  DEFAULT_BASE_URL,
  locate,
  MAX_PAGE_BYTES,
  readPage,
  SourceError,
  TIMEOUT_MS,
  timeoutProblem,
} from "./lib/upstream/source.mjs";
import { requestSchemas } from "./lib/upstream/spec-facts.mjs";
import { pageRules, readTranscription, TranscriptionError } from "./lib/upstream/transcription.mjs";

const USAGE = `usage: npm run upstream -- [--json] [--endpoint <endpoint>] [--base-url <url>] [--timeout <ms>] [--spec <openapi.json>] <page>... | --all
  <page>      a Markdown reference page: a file, an http(s) URL, or an endpoint name, read from
              <base-url>model-apis-<endpoint>.md (default base ${DEFAULT_BASE_URL})
  --all       every endpoint of the spec, by name (so from <base-url>)
  --endpoint  the endpoint the pages document, when neither their name nor a POST line says
  --json      print the result as JSON`;

class UsageError extends Error {}

const show = (/** @type {unknown} */ value) => (value === undefined || value === null ? "none" : JSON.stringify(value));

/** @param {import("./lib/upstream/compare.mjs").Difference} d */
export function describe(d) {
  const at = `${d.endpoint} ${d.field}`;
  if (d.aspect === "absent") {
    return d.status === "stale"
      ? `${at} absent: the page lists this field now, but the spec records it as absent from the page`
      : `${at} absent: the page does not list this field; the spec has it`;
  }
  if (d.aspect === "field") {
    if (d.status === "stale") return `${at} field: x-novita-page-fields records it, but the page no longer lists it`;
    const facts = /** @type {Record<string, unknown>} */ (d.page);
    const said = Object.entries(facts)
      .filter(([k, v]) => v !== undefined && !(k === "required" && v === false))
      .map(([k, v]) => (k === "type" ? String(v) : k === "required" ? "required" : `${k} ${show(v)}`));
    return `${at} field: the page lists it (${said.join(", ")}); the spec ${d.status === "known" ? "leaves it out (x-novita-page-fields)" : "has no such field"}`;
  }
  const spec = d.leftOut ? "leaves the field out (x-novita-page-fields)" : show(d.spec);
  const text = `${at} ${d.aspect}: page ${show(d.page)}, spec ${spec}`;
  if (d.status === "stale") {
    return `${at} ${d.aspect}: page and spec now agree (${show(d.page)}), but the spec still records the page as ${show(d.recorded)}`;
  }
  return d.status === "unknown" && d.recorded !== undefined
    ? `${text}; the spec records the page as ${show(d.recorded)}`
    : text;
}

/**
 * @param {import("./lib/upstream/source.mjs").Location} location @param {{ postPath: string | undefined }} page
 * @param {string | undefined} explicit @param {Map<string, unknown>} endpoints @returns {string}
 */
function endpointOf(location, page, explicit, endpoints) {
  const named = location.nameEndpoint;
  const posted = page.postPath;
  if (explicit) return explicit;
  if (named && posted && named !== posted) {
    throw new UsageError(`its name says ${named} but it documents POST /v3/async/${posted}: pass --endpoint`);
  }
  const endpoint = named ?? posted;
  if (!endpoint) {
    throw new UsageError(
      "cannot tell which endpoint it documents: its name is not model-apis-<endpoint> and it has no POST /v3/async/<endpoint> line; pass --endpoint",
    );
  }
  if (!endpoints.has(endpoint))
    throw new UsageError(`${endpoint} is not an endpoint of the spec (${[...endpoints.keys()].join(", ")})`);
  return endpoint;
}

/**
 * Runs the check; returns the exit code. Output goes through `print` and `printError`.
 * @param {string[]} argv
 * @param {{ print?: (line: string) => void, printError?: (line: string) => void, fetch?: typeof fetch }} [io]
 */
export async function main(argv, { print = console.log, printError = console.error, fetch = globalThis.fetch } = {}) {
  let options;
  try {
    options = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        all: { type: "boolean" },
        endpoint: { type: "string" },
        "base-url": { type: "string" },
        timeout: { type: "string" },
        spec: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    printError(`upstream: ${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = options;
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const timeoutMs = Number(values.timeout ?? TIMEOUT_MS);
  const timeout = values.timeout === undefined ? undefined : timeoutProblem(values.timeout, "--timeout");
  const problem =
    positionals.length === 0 && !values.all
      ? "no page given"
      : positionals.length > 0 && values.all
        ? "give pages or --all, not both"
        : values.all && values.endpoint
          ? "--endpoint does not go with --all"
          : timeout
            ? timeout
            : undefined;
  if (problem) {
    printError(`upstream: ${problem}\n${USAGE}`);
    return 2;
  }
  const specFile = values.spec ?? new URL("../generated/openapi.json", import.meta.url);
  const doc = JSON.parse(readFileSync(specFile, "utf8"));
  const endpoints = requestSchemas(doc);
  const targets = values.all ? [...endpoints.keys()] : positionals;
  if (values.endpoint && !endpoints.has(values.endpoint)) {
    printError(
      `upstream: --endpoint ${values.endpoint} is not an endpoint of the spec (${[...endpoints.keys()].join(", ")})`,
    );
    return 2;
  }

  const pages = [];
  const errors = [];
  for (const argument of targets) {
    let label = argument;
    try {
      const location = locate(argument, values["base-url"] ?? process.env["NOVITA_DOCS_BASE_URL"] ?? DEFAULT_BASE_URL);
      label = location.label;
      // A bare name that is not an endpoint of the spec is refused before anything is fetched.
      if (!values.endpoint && location.nameEndpoint && !endpoints.has(location.nameEndpoint)) {
        endpointOf(location, { postPath: undefined }, undefined, endpoints);
      }
      const page = parsePage(await readPage(location, { timeoutMs, maxBytes: MAX_PAGE_BYTES, fetch }));
      const endpoint = endpointOf(location, page, values.endpoint, endpoints);
      // A page's prose rules (image limits, body caps, rules between fields) are not parsed from its
      // text: they come from the endpoint's transcription (test/fixtures/vidu-family/).
      const transcribed = readTranscription(endpoint);
      const result = compare(
        doc,
        endpoint,
        endpoints.get(endpoint),
        page.fields,
        transcribed && pageRules(transcribed),
      );
      pages.push({ page: location.label, endpoint, fields: result.compared, ...result });
    } catch (error) {
      const expected = [UsageError, PageError, SourceError, SpecError, TranscriptionError].some(
        (kind) => error instanceof kind,
      );
      if (!expected || !(error instanceof Error)) throw error;
      errors.push({ page: label, message: error.message });
    }
  }

  const all = pages.flatMap((p) => p.differences);
  const count = (/** @type {string} */ status) => all.filter((d) => d.status === status).length;
  const counts = { unknown: count("unknown"), stale: count("stale"), known: count("known") };
  const code = errors.length > 0 ? 2 : counts.unknown + counts.stale > 0 ? 1 : 0;
  if (values.json) {
    const result = { ok: code === 0, counts, pages: pages.map(({ compared: _, ...p }) => p), errors };
    print(JSON.stringify(result, (_, v) => (v === undefined ? null : v), 2));
    return code;
  }
  for (const { page, message } of errors) printError(`upstream: ${page}: ${message}`);
  const section = (/** @type {string} */ status, /** @type {string} */ title) => {
    const found = all.filter((d) => d.status === status);
    if (found.length === 0) return;
    print(`${title} (${found.length}):`);
    for (const d of found) print(`  ${status === "unknown" ? "✘" : status === "stale" ? "!" : "·"} ${describe(d)}`);
  };
  section("unknown", "Differences the spec does not record");
  section("stale", "Stale records: the spec records a page reading the page no longer has");
  section("known", "Known differences, recorded in the spec (x-novita-page)");
  for (const { notes } of pages) for (const note of notes) print(`  note: ${note}`);
  const fields = pages.reduce((n, p) => n + p.fields, 0);
  const verdict = code === 0 ? "✔" : "✘";
  print(
    `${verdict} ${pages.length} page${pages.length === 1 ? "" : "s"} (${pages.map((p) => p.endpoint).join(", ") || "none read"}), ${fields} fields: ` +
      `${counts.unknown} unknown, ${counts.stale} stale, ${counts.known} known${errors.length ? `, ${errors.length} not read` : ""}`,
  );
  return code;
}

// Run as a script (not imported by the tests).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
