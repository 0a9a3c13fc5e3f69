// The one place the multilang tests start the mock API. When the mock moves to its new module, only
// this file changes.
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { startMockServer } from "../../src/mock/server.mjs";
import { SAMPLE_VIDEO } from "../../src/mock/static.mjs";

export interface Mock {
  /** Base URL of the mock API, on a free port of 127.0.0.1. */
  url: string;
  /** The bytes of the video every finished task points to. */
  sampleVideo: Buffer;
  close(): Promise<void>;
}

/** Any non-empty bearer key is accepted by the mock. */
export const API_KEY = "multilang-test-key";

/** Starts the mock in front of the run's Prism, with tasks that finish within half a second. */
export async function startMock(): Promise<Mock> {
  const mock = await startMockServer({
    port: 0,
    prismUrl: inject("prismUrl"),
    timings: { queuedMs: 150, processingMs: 300 },
  });
  return { url: mock.url, sampleVideo: readFileSync(SAMPLE_VIDEO), close: () => mock.close() };
}
