import { execFile } from "node:child_process";

/** Run a program to its end; a non-zero exit rejects with its output, so a failed server start says why. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { user?: string; timeoutMillis?: number } = {},
): Promise<string> {
  const [program, argv] = options.user ? ["runuser", ["-u", options.user, "--", file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    execFile(program, argv, { timeout: options.timeoutMillis ?? 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Resolves once `check` resolves, trying every 100 ms for at most `ms`. */
export async function waitUntil(check: () => Promise<unknown>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
