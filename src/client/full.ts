// The client of `novita-vidu`: every model by its key (`run("vidu-q3-turbo-i2v", body)`) or by its
// descriptor, and `api`, the typed openapi-fetch client. Knowing every key means bundling every
// validator; an app that names its models imports src/lean.ts (`novita-vidu/lean`) instead.
import createClient from "openapi-fetch";
import { allModels } from "../../generated/models/index.js";
import type { paths } from "../../generated/schema.js";
import { createClientCore, type ViduClientOptions } from "./core.js";
import type { Exchange } from "../transport/transport.js";
import { modelResolver } from "./models.js";

const model = modelResolver(allModels);

/**
 * The exchange as openapi-fetch's fetch, so that `api` has its retries, timeouts and size cap: the
 * body is read once (every attempt, and a 307/308 redirect, sends it again), and the answer, read
 * whole and decoded, is rebuilt for openapi-fetch to parse.
 */
const asFetch =
  (exchange: Exchange) =>
  async (request: Request): Promise<Response> => {
    const { method, signal } = request;
    const body = method === "GET" || method === "HEAD" ? null : await request.blob();
    const { response, text } = await exchange(request, { method, body, signal });
    const { status, statusText } = response;
    const headers = new Headers(response.headers);
    // The text is decoded and whole: the original encoding and length no longer describe it.
    headers.delete("content-encoding");
    headers.delete("content-length");
    return new Response([204, 205, 304].includes(status) ? null : text, { status, statusText, headers });
  };

/** A client of every model of the spec, by key or descriptor; `api` is the typed openapi-fetch client. */
export function createViduClient(options: ViduClientOptions = {}) {
  const { submit, wait, run, exchange, baseUrl, headers } = createClientCore(options, model);
  return { submit, wait, run, api: createClient<paths>({ baseUrl, headers, fetch: asFetch(exchange) }) };
}

export type ViduClient = ReturnType<typeof createViduClient>;
