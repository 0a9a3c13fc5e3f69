// Models as values: each generation endpoint is a descriptor `{ key, path, validate }` generated into
// generated/models/<key>.js, so an app that imports one model bundles one model's validator. The
// client takes a descriptor, or a model key when it was built with a registry of them (allModels).
import type { ModelBody, ModelDescriptor, ModelKey } from "../generated/models/index.js";
import { invalid } from "./errors.js";

export type { ModelBody, ModelDescriptor, ModelKey };

/** The model key a `run`/`submit` argument names: a key itself, or a descriptor's key. */
export type KeyOf<M> = M extends ModelDescriptor<infer K> ? K : M extends ModelKey ? M : never;
/** The request body `run`/`submit` take for a model key or descriptor. */
export type BodyOf<M> = ModelBody<KeyOf<M>>;

/**
 * Turns what a caller passed as the model into its descriptor: a descriptor as it is, a key through
 * `registry`. Anything else is a ViduValidationError, so nothing is sent.
 */
export const modelResolver =
  (registry?: Readonly<Record<string, ModelDescriptor>>) =>
  (model: unknown): ModelDescriptor => {
    const found =
      typeof model === "string"
        ? registry && Object.hasOwn(registry, model) && registry[model]
        : typeof (model as ModelDescriptor | undefined)?.validate === "function" &&
          String((model as ModelDescriptor).path).startsWith("/v3/async/") &&
          (model as ModelDescriptor);
    if (found) return found;
    const message = registry
      ? `model must be one of ${Object.keys(registry).join(", ")}`
      : "model must be a descriptor from novita-vidu/models";
    throw invalid(String(model), [{ field: "model", rule: "enum", message }]);
  };
