// Runs the scenario in workerd, Cloudflare's Workers runtime, as a module worker: `workerd test` calls
// this `test` handler, which imports the client's browser build and prints the report as one JSON line.
import * as library from "./novita-vidu.js";
import { scenario } from "./scenario.mjs";

export default {
  /** @param {unknown} _controller @param {{ MOCK_URL: string }} env */
  async test(_controller, env) {
    console.log(JSON.stringify(await scenario(library, env.MOCK_URL)));
  },
};
