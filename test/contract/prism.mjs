// Prism, the validating mock of the spec and the oracle of the contract tests, run as a child process. It gets its own process group, so
// that one signal ends it and anything it starts; a watchdog preloaded into it ends it when this
// process dies without closing it; and an exit hook covers a plain `process.exit()` here.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const PRISM_CLI = require.resolve("@stoplight/prism-cli/dist/index.js");
const WATCHDOG = new URL("./prism-watchdog.mjs", import.meta.url).href;
/** Tells prism-watchdog.mjs which copy of the spec to remove when Prism exits. */
const SNAPSHOT_DIR_VARIABLE = "NOVITA_VIDU_PRISM_SNAPSHOT_DIR";
export const BUNDLED_SPEC = fileURLToPath(new URL("../../generated/openapi.yaml", import.meta.url));

const READY_LINE = /Prism is listening on (http:\/\/\S+)/;
const LOG_LINES_KEPT = 40; // shown when Prism fails to start
const PORT_ATTEMPTS = 3; // a free port can be taken between finding it and Prism binding it
const KILL_GRACE_MS = 3000; // after SIGTERM, before SIGKILL
/**
 * @typedef {object} PrismProcess
 * @property {string} url Where Prism listens, such as `http://127.0.0.1:43117`.
 * @property {number} pid The process id of Prism (also its process group id).
 * @property {() => Promise<void>} close Stops Prism and waits for it to exit; safe to call twice.
 */

/** A TCP port that nothing listens on at this moment. */
export async function findFreePort(host = "127.0.0.1") {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve(undefined));
  });
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  if (!address || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

/**
 * Starts `prism mock` on a free port of `host` and waits until it answers.
 * @param {{ specPath?: string, host?: string, timeoutMs?: number }} [options]
 *   `specPath`: the spec to mock (default: generated/openapi.yaml); `host`: default 127.0.0.1;
 *   `timeoutMs`: how long to wait for Prism to listen (default 30000).
 * @returns {Promise<PrismProcess>}
 */
export async function startPrism({ specPath = BUNDLED_SPEC, host = "127.0.0.1", timeoutMs = 30_000 } = {}) {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort(host);
    try {
      return await launch(specPath, host, port, timeoutMs);
    } catch (error) {
      const portTaken = error instanceof Error && /EADDRINUSE/.test(error.message);
      if (!portTaken || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

/**
 * @param {string} specPath
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<PrismProcess>}
 */
async function launch(specPath, host, port, timeoutMs) {
  // Prism restarts when the file it serves changes, refusing connections meanwhile: it serves a copy
  // taken now, so regenerating the spec cannot pull it from under a request (restart to pick it up).
  const snapshotDir = mkdtempSync(join(tmpdir(), "novita-vidu-prism-"));
  const snapshot = join(snapshotDir, basename(specPath));
  copyFileSync(specPath, snapshot);
  const child = spawn(
    process.execPath,
    ["--import", WATCHDOG, PRISM_CLI, "mock", snapshot, "--host", host, "--port", String(port)],
    { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, [SNAPSHOT_DIR_VARIABLE]: snapshotDir } },
  );
  const pid = /** @type {number} */ (child.pid);
  /** @type {string[]} */
  const recentLines = [];
  /** @param {string} signal */
  const killGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const killOnExit = () => {
    killGroup("SIGKILL");
    rmSync(snapshotDir, { recursive: true, force: true });
  };
  process.on("exit", killOnExit);
  const exited = once(child, "exit");

  const listening = new Promise((resolve, reject) => {
    /** @param {Buffer} chunk */
    const onOutput = (chunk) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        recentLines.push(line);
        if (recentLines.length > LOG_LINES_KEPT) recentLines.shift();
        const ready = READY_LINE.exec(line);
        if (ready) resolve(ready[1]);
      }
    };
    // Prism logs every request: its output is always read, or a full pipe would stall it.
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      reject(new Error(`Prism exited (${signal ?? `code ${code}`}) before listening:\n${recentLines.join("\n")}`)),
    );
  });
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Prism did not listen within ${timeoutMs} ms:\n${recentLines.join("\n")}`)),
      timeoutMs,
    );
  });

  /** @type {Promise<void> | undefined} */
  let closing;
  const close = () =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup("SIGTERM");
        const stubborn = setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS);
        await exited;
        clearTimeout(stubborn);
      }
      killGroup("SIGKILL"); // anything Prism started in its group goes with it
      rmSync(snapshotDir, { recursive: true, force: true });
      process.off("exit", killOnExit);
    })());

  try {
    const url = /** @type {string} */ (await Promise.race([listening, timedOut]));
    return { url: url.replace(/\/$/, ""), pid, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
