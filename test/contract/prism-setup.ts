// Starts one Prism for the whole run (the contract and mock tests share it) and stops it afterwards.
import type { TestProject } from "vitest/node";
import { startPrism } from "./prism.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism that mocks generated/openapi.yaml for this run. */
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ timeoutMs: 30_000 });
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}
