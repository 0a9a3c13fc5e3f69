// The version rule of CHANGELOG.md: a release whose spec breaks clients generated from the last
// release's (scripts/lib/spec-diff.mjs says what breaks) is a new minor version before 1.0 and a new
// major version from 1.0 on.

/**
 * `1.4.2` as `[1, 4, 2]`; a pre-release or build suffix is not part of a release here.
 * @param {string} version
 * @returns {[number, number, number]}
 */
export function parseVersion(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`${JSON.stringify(version)} is not a release version (major.minor.patch)`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Whether `current` is a version that may follow `released` given the spec's differences since:
 * a breaking one needs a new minor version below 1.0 and a new major version from 1.0 on.
 * @param {string} released the last release's version
 * @param {string} current package.json's version
 * @param {boolean} breaking whether a difference since the release breaks
 * @returns {string | undefined} what is wrong, or undefined when the version follows the rule
 */
export function versionProblem(released, current, breaking) {
  const was = parseVersion(released);
  const now = parseVersion(current);
  // Compared part by part: the first that differs says which is older.
  const step = now.map((part, i) => part - (was[i] ?? 0)).find((step) => step !== 0);
  if (step !== undefined && step < 0) return `${current} is older than the last release, ${released}`;
  if (!breaking) return undefined;
  const [major, minor] = was;
  if (major === 0 ? now[0] > 0 || now[1] > minor : now[0] > major) return undefined;
  const next = major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
  return `the spec breaks clients generated from ${released}: the version must be at least ${next}, not ${current}`;
}
