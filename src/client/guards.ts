// Guards for values that arrive as `string` or `unknown` (a model key from config, a body from a form,
// a failure code from an error): each narrows to the spec's type, or throws what the client would.
// The key lists come from generated/constants.js (a table of names, no validator), so a guard costs
// next to nothing in a bundle.
import { MODELS, TASK_FAILURE_CODES } from "../../generated/constants.js";
import { invalid } from "./errors.js";
import type { BodyOf, ModelDescriptor, ModelKey } from "./models.js";

/** A Vidu failure code this package knows the meaning of, e.g. `008007095`. */
export type TaskFailureCode = keyof typeof TASK_FAILURE_CODES;

/** Whether `value` is the key of a model of the spec (`vidu-q3-turbo-i2v`). */
export const isModelKey = (value: unknown): value is ModelKey =>
  typeof value === "string" && Object.hasOwn(MODELS, value);

/** Whether `value` is a failure code of `TASK_FAILURE_CODES`. */
export const isTaskFailureCode = (value: unknown): value is TaskFailureCode =>
  typeof value === "string" && Object.hasOwn(TASK_FAILURE_CODES, value);

/** The meaning of a failure code (`ViduTaskFailedError.failureCode`), or undefined for none or an unknown one. */
export const failureMeaning = (code: string | undefined): string | undefined =>
  isTaskFailureCode(code) ? TASK_FAILURE_CODES[code] : undefined;

/** Whether `body` is a valid request body of `descriptor`'s model: narrows it to that model's body type. */
export const check = <D extends ModelDescriptor>(descriptor: D, body: unknown): body is BodyOf<D> =>
  descriptor.validate(body).length === 0;

/** `body` typed as `descriptor`'s model's body, or a ViduValidationError naming each problem (as `submit` throws). */
export function parse<D extends ModelDescriptor>(descriptor: D, body: unknown): BodyOf<D> {
  const issues = descriptor.validate(body);
  if (issues.length > 0) throw invalid(descriptor.key, issues);
  return body as BodyOf<D>;
}
