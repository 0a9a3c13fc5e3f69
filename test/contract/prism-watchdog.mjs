// Preloaded into the Prism child process (`node --import`). The parent holds the other end of this
// process's stdin, so end of file means the parent is gone, however it died (even SIGKILL): Prism
// must not outlive the mock that started it, nor leave its copy of the spec behind.
import { rmSync } from "node:fs";

const snapshotDir = process.env["NOVITA_VIDU_PRISM_SNAPSHOT_DIR"];
if (snapshotDir) process.on("exit", () => rmSync(snapshotDir, { recursive: true, force: true }));

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
