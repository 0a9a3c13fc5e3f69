// Models as values: each generation endpoint is a descriptor `{ key, path, validate }` generated into
// generated/models/<key>.js, so an app that imports one model bundles one model's validator. The
// client takes a descriptor, or a model key when it was built with a registry of them (allModels).
import type { ModelBody, ModelDescriptor, ModelKey } from "../../generated/models/index.js";
import { invalid } from "./errors.js";
import { isModelPath } from "./url.js";

export type { ModelBody, ModelDescriptor, ModelKey };

/** The model key a `run`/`submit` argument names: a key itself, or a descriptor's key. */
export type KeyOf<M> = M extends ModelDescriptor<infer K> ? K : M extends ModelKey ? M : never;
/** The request body `run`/`submit` take for a model key or descriptor. */
export type BodyOf<M> = ModelBody<KeyOf<M>>;

const isDescriptor = (model: unknown): model is ModelDescriptor =>
  typeof (model as ModelDescriptor | undefined)?.validate === "function" &&
  isModelPath((model as ModelDescriptor).path);

const unknownModel = (model: unknown, message: string) =>
  invalid(String(model), [{ field: "model", rule: "enum", message }]);

/** The lean client's models: descriptors only. Anything else is a ViduValidationError, so nothing is sent. */
export const descriptorOnly = (model: unknown): ModelDescriptor => {
  if (isDescriptor(model)) return model;
  throw unknownModel(model, "model must be a descriptor from novita-vidu/models");
};

/** The full client's models: a descriptor as it is, a key through `registry`; anything else is refused. */
export const modelResolver =
  (registry: Readonly<Record<string, ModelDescriptor>>) =>
  (model: unknown): ModelDescriptor => {
    if (typeof model === "string" && Object.hasOwn(registry, model)) return registry[model]!;
    if (isDescriptor(model)) return model;
    throw unknownModel(model, `model must be one of ${Object.keys(registry).join(", ")}`);
  };
