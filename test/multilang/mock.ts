// The one place the multilang tests start the mock API (startMockServer, on a free port of 127.0.0.1).
import { readFileSync } from "node:fs";
import { startMockServer } from "../../src/mock/node.js";

export interface Mock {
  /** Base URL of the mock API. */
  url: string;
  /** The bytes of the video every finished task points to. */
  sampleVideo: Buffer;
  close(): Promise<void>;
}

/** Any non-empty bearer key is accepted by the mock. */
export const API_KEY = "multilang-test-key";

const SAMPLE_VIDEO = new URL("../../src/mock/assets/sample.mp4", import.meta.url);

/**
 * Starts the mock with tasks that finish eight seconds after their submit: long enough for a driver's
 * first poll to see one unfinished while the cores are shared several times over (two and then four
 * seconds were each seen to be too short at a load average of 10 to 16), short enough to keep each
 * proof quick, as a proof's tasks run side by side.
 */
export async function startMock(): Promise<Mock> {
  const mock = await startMockServer({ timings: { queuedMs: 3000, processingMs: 5000 } });
  return { url: mock.url, sampleVideo: readFileSync(SAMPLE_VIDEO), close: () => mock.close() };
}
