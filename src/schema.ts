// The `novita-vidu/schema` entry: the generated types only, for any TypeScript project.
export type * from "../generated/schema.js";
