// The one place the multilang tests start the mock API (startMockServer, on a free port of 127.0.0.1).
import { startMockServer } from "../../src/mock/node.js";
import { readMp4 } from "../mock/mp4.js";

export interface Mock {
  /** Base URL of the mock API. */
  url: string;
  /** Whether bytes are a video the mock serves: an MP4 showing its one frame once a second (its ratio and
   * duration follow the request: test/mock/videos.test.ts). */
  isMockVideo(bytes: Buffer): boolean;
  close(): Promise<void>;
}

/** Any non-empty bearer key is accepted by the mock. */
export const API_KEY = "multilang-test-key";

const isMockVideo = (bytes: Buffer) => {
  try {
    const header = readMp4(bytes);
    return header.topLevel[0] === "ftyp" && header.avc !== undefined && header.frames === header.durationSeconds;
  } catch {
    return false;
  }
};

/**
 * Starts the mock with tasks that finish eight seconds after their submit: long enough for a driver's
 * first poll to see one unfinished while the cores are shared several times over (two and then four
 * seconds were each seen to be too short at a load average of 10 to 16), short enough to keep each
 * proof quick, as a proof's tasks run side by side.
 */
export async function startMock(): Promise<Mock> {
  const mock = await startMockServer({ timings: { queuedMs: 3000, processingMs: 5000 } });
  return { url: mock.url, isMockVideo, close: () => mock.close() };
}
