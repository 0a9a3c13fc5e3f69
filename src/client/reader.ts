// What the back-end helpers (downloadVideo's link refresh, the webhook route's confirmation) need of a
// client: one read of a task, as both clients' `getResult` does it. Declared as a shape, so a test or an
// app can pass any object that reads tasks.
import type { TaskResult } from "../../generated/schema.js";
import { option } from "./options.js";

/** Reads a task's current result (GET /v3/async/task-result). */
export interface TaskResultReader {
  getResult(taskId: string, options?: { signal?: AbortSignal }): Promise<TaskResult>;
}

/** Refuses an option that is set but is not a task reader. */
export function checkReader(name: string, value: unknown) {
  if (value !== undefined && typeof (value as Partial<TaskResultReader> | null)?.getResult !== "function")
    throw option(name, `${name} must be a novita-vidu client (an object with getResult)`);
}

/** Refuses each of `names` that is set but is not a function. */
export function checkCallbacks<O extends object>(options: O, names: readonly (keyof O & string)[]) {
  for (const name of names)
    if (options[name] !== undefined && typeof options[name] !== "function")
      throw option(name, `${name} must be a function`);
}
