/** Compiles request-body schemas (by API path) of a bundled spec into an ES module's source. */
export declare function compileValidators(doc: object, bodies: Record<string, object>): string;
