/** The contents of generated/, by file name, built in memory from spec/. */
export declare function build(): Promise<Record<string, string>>;
/** The repository's root folder. */
export declare const ROOT: string;
