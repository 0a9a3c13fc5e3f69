// The built package's entries share one copy of each class: an error thrown by code reached from
// novita-vidu/node is an instance of ViduError as novita-vidu/lean exports it (and so from every entry),
// as it would not be if a bundle held its own copy of the errors. Run in a fresh Node process, as an
// app imports the package.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

const SCRIPT = `
const lean = await import(${JSON.stringify(`${ROOT}dist/lean.js`)});
const node = await import(${JSON.stringify(`${ROOT}dist/node.js`)});
const full = await import(${JSON.stringify(`${ROOT}dist/index.js`)});
const missing = await node.imageFromFile("/nonexistent/cat.png").catch((error) => error);
const vidu = node.createViduClient({ apiKey: "k", fetch: async () => { throw new Error("nothing is sent"); } });
const refused = await vidu.submit("vidu-q3-turbo-i2v", { images: [] }).catch((error) => error);
const unreachable = await node.createViduClient({ apiKey: "k", retry: false, fetch: async () => { throw new TypeError("offline"); } })
  .getResult("t").catch((error) => error);
console.log(JSON.stringify({
  sameClass: node.ViduError === lean.ViduError && full.ViduError === lean.ViduError,
  imageFromFile: [missing instanceof lean.ViduError, missing instanceof lean.ViduValidationError],
  submit: [refused instanceof lean.ViduError, refused instanceof lean.ViduValidationError],
  getResult: [unreachable instanceof lean.ViduError, unreachable instanceof lean.ViduConnectionError],
}));
`;

it("an error thrown through novita-vidu/node is a ViduError of novita-vidu/lean", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd: ROOT });
  expect(JSON.parse(stdout)).toEqual({
    sameClass: true,
    imageFromFile: [true, true],
    submit: [true, true],
    getResult: [true, true],
  });
}, 30_000);
