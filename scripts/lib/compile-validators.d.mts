/** One generation endpoint: its model key, API path, export name, summary and request-body schema. */
export interface ModelEntry {
  key: string;
  path: string;
  name: string;
  summary?: string;
  schema: object;
}
/** Compiles the models' request-body schemas into generated/models/*.js sources, by file name. */
export declare function compileModels(doc: object, models: ModelEntry[], header: string): Record<string, string>;
/** The source of generated/validators.js: every model's validator by API path. */
export declare function validatorsModule(header: string): string;
/** The JSON Schema keywords the compiler turns into checks. */
export declare const ENFORCED: Set<string>;
/** The field at fault and the message of a `not` rule between fields (`must be "720p" when duration is 8`). */
export declare function describeNot(
  rule: object,
  parent: object,
  deref: (schema: object) => { enum?: unknown[] },
  where: string,
): { field: string; text: string };
