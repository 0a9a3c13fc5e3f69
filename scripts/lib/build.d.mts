/** The contents of generated/, by file name, built in memory from spec/. */
export declare function build(options?: { docs?: boolean }): Promise<Record<string, string>>;
/** The repository's root folder. */
export declare const ROOT: string;
/** The bundle as YAML that YAML 1.1 and 1.2 readers both read as `doc`: ambiguous strings quoted. */
export declare function toYaml(doc: unknown): string;
/** spec/ bundled into one document by Redocly. */
export declare function bundle(): unknown;
