/** Every regular expression in a spec document (`pattern`s and `patternProperties` keys), with where it is. */
export declare function patternsIn(node: unknown, where?: string): { where: string; pattern: string }[];
/** The patterns recheck does not prove linear, with the string that makes them slow. */
export declare function nonLinearPatterns(
  found: { where: string; pattern: string }[],
): Promise<{ where: string; pattern: string; status: string; complexity?: string; attack?: string }[]>;
