// The core entry: runs in Node 20+, browsers, Deno, Bun and workers (no `node:` import). It is the
// lean entry's exports with the client of every model by key in place of the lean client.
export * from "./lean.js";
export { createViduClient, type ViduClient } from "./client/full.js";
