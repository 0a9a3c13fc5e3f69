// The client of `novita-vidu`: every model by its key (`run("vidu-q3-turbo-i2v", body)`) or by its
// descriptor, and `api`, the typed openapi-fetch client. Knowing every key means bundling every
// validator; an app that names its models imports src/lean.ts (`novita-vidu/lean`) instead.
import createClient from "openapi-fetch";
import { allModels } from "../generated/models/index.js";
import type { paths } from "../generated/schema.js";
import { createClientCore, type ViduClientOptions } from "./client.js";
import { modelResolver } from "./models.js";

const kit = { createApi: createClient<paths>, model: modelResolver(allModels) };

/** A client of every model of the spec, by key or descriptor; `api` is the typed openapi-fetch client. */
export function createViduClient(options: ViduClientOptions = {}) {
  return createClientCore(options, kit);
}

export type ViduClient = ReturnType<typeof createViduClient>;
