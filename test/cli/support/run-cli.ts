import { spawn } from "node:child_process";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
/** The real launcher, as package.json's "bin" names it. */
export const STRATA_BIN = join(REPO_ROOT, "lib", "cli", "strata.cjs");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawn `strata` in a project folder, as a user's shell would: no TTY, colour
 * left to the given env (jest may set FORCE_COLOR in workers, so it is
 * removed unless a test asks for it). Resolves when the process exits.
 */
export function runCli(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.FORCE_COLOR;
  delete childEnv.NO_COLOR;
  delete childEnv.DATABASE_URL;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STRATA_BIN, ...args], { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first line of a command that acts on a database: `-- Target: <dialect> database "<name>" at <url> (from ...)`. */
export const TARGET_LINE = /^-- Target: (sqlite|postgres|mysql) database "[^"]*"(, schema "[^"]*")? at \S+ \(from [^)]+\)\n/;

/**
 * The result with its target line taken off stdout, after checking it is
 * there when the command succeeded (one that fails before connecting has
 * none): for tests about what comes after it.
 */
export function withoutTarget(result: CliResult): CliResult {
  if (result.code === 0 && !TARGET_LINE.test(result.stdout)) {
    throw new Error(`strata printed no target line first:\n${result.stdout}${result.stderr}`);
  }
  return { ...result, stdout: result.stdout.replace(TARGET_LINE, "") };
}

/** A terminal's cursor and colour sequences (ESC [ ... letter). */
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Spawn `strata` on a pseudo-terminal (util-linux `script`), as a person at
 * a terminal runs it: stdin and stdout are a TTY, so the command may ask.
 * Each time it asks (a `[y/N]` prompt shows), the next of `answers` is
 * typed. The output is what the terminal showed, answers echoed.
 */
export function runCliInTerminal(
  cwd: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  answers: readonly string[],
): Promise<CliResult & { readonly asked: number }> {
  const command = [process.execPath, STRATA_BIN, ...args].map(shellQuote).join(" ");
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete childEnv.FORCE_COLOR;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let asked = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const prompts = stdout.split("[y/N] ").length - 1;
      while (asked < prompts) {
        child.stdin.write(`${answers[asked] ?? ""}\n`);
        asked++;
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      // The terminal's cursor moves and line ends taken out: the text as a person reads it.
      const text = stdout.replace(ANSI_ESCAPE, "").replace(/\r/g, "").replace(/ +\n/g, "\n");
      resolve({ code, stdout: text, stderr, asked });
    });
  });
}
