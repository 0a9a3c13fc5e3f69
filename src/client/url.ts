// Where requests go: a host on this machine, and the paths of model descriptors, checked once so that
// no request goes where it was not meant to (the base URL is checked with the options).

/** A host on this machine: the mock, or a proxy the developer runs. */
export const isLoopback = (hostname: string) => /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/i.test(hostname);

/** A model path: one plain segment under /v3/async/ (no `..`, no escapes), so it stays under the base URL. */
export const isModelPath = (path: unknown): path is `/v3/async/${string}` =>
  typeof path === "string" && /^\/v3\/async\/(?!\.\.?$)[\w.-]+$/.test(path);
