// The Go, Java and Python proofs run on Debian's packages, never on a toolchain downloaded from elsewhere.
// .ci/run installs them; a test run on a machine without them installs them too when it runs as root
// with apt-get, as .ci/run does, and otherwise fails saying what to install.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const APT_GET = "/usr/bin/apt-get";
// Another install may hold the dpkg lock (several engineers share a machine): wait for it.
const APT_OPTIONS = ["-o", "DPkg::Lock::Timeout=300", "-qq"];

/** Makes sure `file` (a binary or a jar the package ships) is there, installing Debian's `pkg` if need be. */
export async function ensureDebianPackage(file: string, pkg: string): Promise<void> {
  if (existsSync(file)) return;
  const why = `${file} is missing: install Debian's ${pkg} (apt-get install -y ${pkg}), as .ci/run does`;
  if (process.getuid?.() !== 0 || !existsSync(APT_GET)) throw new Error(why);
  console.warn(`${file} is missing: installing Debian's ${pkg} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    run(APT_GET, [...APT_OPTIONS, "install", "-y", "--no-install-recommends", pkg], { env, timeout: 600_000 });
  // The package lists already there first; refreshed only when they do not have it.
  await install().catch(async () => {
    await run(APT_GET, [...APT_OPTIONS, "update"], { env, timeout: 600_000 });
    await install();
  });
  if (!existsSync(file)) throw new Error(`${why} (apt-get install ${pkg} did not provide it)`);
}
