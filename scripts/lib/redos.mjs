// Every `pattern` in the spec must match in linear time: a pattern that can backtrack (nested or
// overlapping quantifiers, such as `[^\s/?#]+[^\s]*`) lets one long string block every validator
// built from the spec for seconds, ours and every other tool's. recheck proves a pattern linear or
// finds the string that makes it slow; its pure-JavaScript backend is used, so the check needs
// neither Java nor a native binary.
process.env["RECHECK_BACKEND"] = "pure";
const { check } = await import("recheck");

/**
 * Every regular expression in a spec document: the `pattern` of each schema and the keys of each
 * `patternProperties`, wherever they are.
 * @param {unknown} node a spec file or the bundled spec, as parsed JSON/YAML
 * @returns {{ where: string, pattern: string }[]}
 */
export function patternsIn(node, where = "") {
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const at = `${where}/${key}`;
    const own = [];
    if (key === "pattern" && typeof value === "string") own.push({ where: at, pattern: value });
    if (key === "patternProperties" && value && typeof value === "object")
      own.push(...Object.keys(value).map((pattern) => ({ where: at, pattern })));
    return [...own, ...patternsIn(value, at)];
  });
}

/**
 * The patterns recheck does not prove linear, with the attack it found. The validators compile
 * each pattern with the `u` flag, as JSON Schema's regular expressions are Unicode.
 * @param {{ where: string, pattern: string }[]} found
 * @returns {Promise<{ where: string, pattern: string, status: string, complexity?: string, attack?: string }[]>}
 */
export async function nonLinearPatterns(found) {
  const verdicts = new Map();
  for (const pattern of new Set(found.map((f) => f.pattern))) {
    const result = await check(pattern, "u", { timeout: 60_000 });
    verdicts.set(pattern, result);
  }
  return found.flatMap(({ where, pattern }) => {
    const result = verdicts.get(pattern);
    if (result.status === "safe" && result.complexity?.type !== "polynomial") return [];
    return [
      {
        where,
        pattern,
        status: result.status,
        complexity: result.complexity?.summary,
        attack: result.attack?.pattern,
      },
    ];
  });
}
