// Prism refuses a request in its own words (401 problem+json, a 400 with an `sl-violations` header, 404
// and 405 problems); Novita answers with its error envelope. These turn the first into the second.

/**
 * @typedef {{ code: number, reason: string, message: string, metadata: Record<string, string> }} NovitaError
 * @typedef {{ location: string[], code: string | number, message: string }} PrismViolation
 * @typedef {{ status: number, body: NovitaError }} Refusal
 */

/** Why Prism's body parser refused a body, by its error code. */
const UNREADABLE_BODY = new Map([
  ["invalid_json", "it is not valid JSON"],
  ["request_entity_too_large", "it is too large"],
]);

/**
 * Novita's error envelope.
 * @param {number} code The HTTP status.
 * @param {string} reason
 * @param {string} message
 * @returns {NovitaError}
 */
export function novitaError(code, reason, message) {
  return { code, reason, message, metadata: {} };
}

/** `["subjects", "0", "images", "1"]` → `subjects[0].images[1]`, the validators' way of naming a field. */
const fieldPath = (/** @type {string[]} */ segments) =>
  segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), "");

/**
 * One sentence per violation that names the field, as `duration must be >= 1`.
 * @param {PrismViolation[]} violations
 * @returns {string[]}
 */
export function describeViolations(violations) {
  const sentences = [];
  for (const { location, code, message } of violations) {
    const [, part, ...segments] = location;
    if (part === undefined) {
      // The request as a whole: no body, or not JSON.
      sentences.push(code === 415 ? "the body must be JSON (Content-Type: application/json)" : "the body is required");
      continue;
    }
    if (code === "if") continue; // Always paired with the `then` violation that names the field.
    const parent = fieldPath(segments);
    const child = (/** @type {string} */ name) => (parent ? `${parent}.${name}` : name);
    const named = /'([^']+)'/.exec(message)?.[1] ?? "";
    if (code === "required") sentences.push(`${child(named)} is required`);
    else if (code === "additionalProperties") sentences.push(`${child(named)} is not a known field`);
    else {
      // Prism's words after its prefix: "Request body property duration must be >= 1".
      const rule = message.replace(/^Request \w+ (property \S+ )?/, "");
      const words = rule.replace("must be equal to one of the allowed values:", "must be one of");
      sentences.push(`${parent || `the ${part}`} ${words}`);
    }
  }
  return sentences;
}

/**
 * Novita's answer to a request that Prism refused, or undefined when Prism's answer stands (an error
 * response of the spec, which a client asked for with `Prefer: code=…`).
 * @param {{ status: number, violations: string | null, body: string, method: string, pathname: string }} prism
 *   Prism's status, its `sl-violations` header and its body; the request's method and path.
 * @returns {Refusal | undefined}
 */
export function translateRefusal({ status, violations, body, method, pathname }) {
  // Novita answers a missing key with 400, where Prism (and HTTP) would say 401.
  if (status === 401) {
    const message = "Missing API key: send the header `Authorization: Bearer <key>`.";
    return { status: 400, body: novitaError(400, "MISSING_API_KEY", message) };
  }
  if (violations) {
    /** @type {PrismViolation[]} */
    const parsed = JSON.parse(violations);
    const inBody = parsed.every((v) => v.location[1] !== "query");
    const sentences = describeViolations(parsed);
    const message = `Invalid request${inBody ? " body" : ""}: ${sentences.join("; ")}.`;
    return { status: 400, body: novitaError(400, "INVALID_REQUEST_BODY", message) };
  }
  /** @type {{ type?: string, detail?: string, reason?: string, error?: { code?: string } }} */
  let answer = {};
  try {
    answer = JSON.parse(body);
  } catch {
    // Not JSON: handled below like any unknown refusal.
  }
  if (typeof answer.reason === "string") return undefined;
  // Prism's own body parser refuses these before validating anything.
  const unreadable = UNREADABLE_BODY.get(answer.error?.code ?? "");
  if (unreadable)
    return { status: 400, body: novitaError(400, "INVALID_REQUEST_BODY", `Invalid request body: ${unreadable}.`) };
  if (status === 404 || status === 405) {
    const problem = answer.type?.split("#")[1];
    if (problem === "NO_PATH_MATCHED_ERROR" || problem === "NO_METHOD_MATCHED_ERROR")
      return { status: 404, body: novitaError(404, "API_NOT_FOUND", `No API answers ${method} ${pathname}.`) };
  }
  // Any other problem Prism reports (such as `Prefer: example=` naming no example): its words, Novita's shape.
  const reason = answer.type?.split("#")[1] ?? "MOCK_ERROR";
  return { status, body: novitaError(status, reason, answer.detail ?? `The mock refused ${method} ${pathname}.`) };
}
