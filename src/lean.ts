// novita-vidu/lean: the client for an app that names the models it calls. `run` and `submit` take a
// model's descriptor (`import { viduQ3TurboI2V } from "novita-vidu/models"`), so the bundle holds
// that model's validator and no other, and no openapi-fetch: submit and wait send through the
// client's own exchange (src/transport/transport.ts), as the full client's do.
import { createClientCore, type ViduClientOptions } from "./client/core.js";
import { descriptorOnly, type BodyOf, type ModelDescriptor } from "./client/models.js";

export * from "./index.js";

type Core = ReturnType<typeof createClientCore>;

/** A client of the models passed to it as descriptors: no `api`, and no model known by key alone. */
export interface LeanViduClient {
  submit<D extends ModelDescriptor>(
    model: D,
    body: BodyOf<D>,
    options?: Parameters<Core["submit"]>[2],
  ): ReturnType<Core["submit"]>;
  run<D extends ModelDescriptor>(
    model: D,
    body: BodyOf<D>,
    options?: Parameters<Core["run"]>[2],
  ): ReturnType<Core["run"]>;
  wait: Core["wait"];
}

/** Creates a client whose `run`/`submit` take model descriptors, as imported from `novita-vidu/models`. */
export function createViduClient(options: ViduClientOptions = {}): LeanViduClient {
  const { submit, run, wait } = createClientCore(options, descriptorOnly);
  return { submit, run, wait };
}
