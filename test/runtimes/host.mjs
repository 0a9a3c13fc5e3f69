// Runs the scenario in a command-line runtime (Node, Deno, Bun): `<runtime> host.mjs <entry> <mock url>`
// imports the client from <entry> (the built package, dist/index.js) and prints the report as one JSON line.
import { scenario } from "./scenario.mjs";

const [entry, baseUrl] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
if (!entry || !baseUrl) throw new Error("usage: host.mjs <client entry> <mock url>");
const library = await import(new URL(entry, `file://${globalThis.Deno ? globalThis.Deno.cwd() : process.cwd()}/`).href);
console.log(JSON.stringify(await scenario(library, baseUrl)));
