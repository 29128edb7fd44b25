import { execFile } from "node:child_process";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");

export interface SampleRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the task tracker exactly as `npm run sample` does (same require hook,
 * same entry file), from the repository root, with the given environment on
 * top of the test's own.
 */
export function runSample(env: Record<string, string | undefined>): Promise<SampleRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "./lib/cli/register-typescript.cjs", "samples/task-tracker/main.ts"],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        // A non-zero exit is a result to assert on; only a failure to start (or a timeout) is an error here.
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Lines that come from `echo: true`: the SQL, which each database spells its own way. */
export const isSqlLine = (line: string): boolean => line.startsWith("[strata] ");
