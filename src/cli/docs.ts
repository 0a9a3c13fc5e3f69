// `novita-vidu docs`: prints where the docs page of the installed package is (one page that loads
// nothing from another host, so it opens from the file system offline) and, with --open, opens it with
// the platform's opener. No opener (a server, a container) is not an error: the path is printed anyway.
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { Command } from "commander";
import { siteFiles } from "../mock/docs-site.mjs";

export interface Opener {
  command: string;
  args: string[];
}

/** Whether `path` is a file this process may run. */
export const isExecutableFile = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The first executable `name` in the folders of `env`'s PATH. */
export const onPath = (name: string, env: NodeJS.ProcessEnv | Record<string, string | undefined>) =>
  (env["PATH"] ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutableFile);

/** The command that opens `file` in its default application here, when this machine has one. */
export function opener(
  file: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Opener | undefined {
  if (platform === "win32") {
    const shell = env["ComSpec"] ?? env["COMSPEC"];
    // `start`'s first quoted argument is a window title, hence the empty one; passed verbatim (see below).
    return shell && existsSync(shell) ? { command: shell, args: ["/c", "start", '""', `"${file}"`] } : undefined;
  }
  const command = onPath(platform === "darwin" ? "open" : "xdg-open", env);
  return command ? { command, args: [file] } : undefined;
}

/** The `docs` command. */
export function docsCommand(): Command {
  return new Command("docs")
    .description("Print where the docs page is (`novita-vidu mock` also serves it at /docs); --open opens it")
    .option("--open", "open the page in the default browser, when this machine has an opener")
    .action((options: { open?: boolean }) => {
      const page = siteFiles()["index.html"];
      if (!existsSync(page)) throw new Error(`the docs page is missing at ${page}: reinstall the package`);
      process.stdout.write(`${page}\n`);
      if (!options.open) return;
      const how = opener(page);
      if (!how) {
        const wanted = process.platform === "darwin" ? "open" : "xdg-open";
        process.stderr.write(`no ${wanted} on this machine: open the file above in a browser\n`);
        return;
      }
      // Detached and not waited for: the browser outlives this command.
      // cmd.exe parses its own quotes, so Node must not escape them.
      const verbatim = process.platform === "win32";
      const child = spawn(how.command, how.args, {
        detached: true,
        stdio: "ignore",
        windowsVerbatimArguments: verbatim,
      });
      child.on("error", (error) => process.stderr.write(`could not run ${how.command}: ${error.message}\n`));
      child.unref();
    });
}
