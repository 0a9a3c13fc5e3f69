// The CLI's usage errors: a problem with the command line is exit code 2 and nothing is sent, worded
// the same whether commander or this package finds it.
import type { Command } from "commander";

/** A problem with the command line: exit code 2, nothing sent. */
export class UsageError extends Error {}

/** Commander's own usage errors, worded like ours (`novita-vidu: …`); thrown (exit 2) rather than exiting with 1. */
export const asOurs = (command: Command): Command =>
  command.exitOverride().configureOutput({
    outputError: (text, write) => write(`novita-vidu: ${text.replace(/^error: /, "")}`),
  });
