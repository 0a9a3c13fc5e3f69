// The client of `novita-vidu`: every model by its key (`run("vidu-q3-turbo-i2v", body)`) or by its
// descriptor. Knowing every key means bundling every validator; an app that names its models
// imports src/lean.ts (`novita-vidu/lean`) instead.
import { allModels } from "../../generated/models/index.js";
import { createClientCore, type ViduClientOptions } from "./core.js";
import { modelResolver } from "./models.js";

const model = modelResolver(allModels);

/** A client of every model of the spec, by key or descriptor; `api` is the typed openapi-fetch client it sends with. */
export function createViduClient(options: ViduClientOptions = {}) {
  return createClientCore(options, model);
}

export type ViduClient = ReturnType<typeof createViduClient>;
