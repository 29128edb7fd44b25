import picocolors from "picocolors";
import type { Colors } from "picocolors/types";
import { StrataError } from "../errors";

/** Colour only for a terminal, never when NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
function colourWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if ("NO_COLOR" in env && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/**
 * Everything the command prints goes through here: results on stdout,
 * warnings and errors on stderr, colour only where a person is reading, and
 * a progress line that redraws itself on a terminal and stays silent in logs.
 */
export class Output {
  readonly c: Colors;
  private readonly live: boolean;
  private progressShown = false;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.c = picocolors.createColors(colourWanted(stdout, env));
    this.live = stdout.isTTY === true;
  }

  /** Turn colour off (--no-color). */
  static plain(): Output {
    return new Output(process.stdout, process.stderr, { ...process.env, NO_COLOR: "1" });
  }

  line(text = ""): void {
    this.clearProgress();
    this.stdout.write(`${text}\n`);
  }

  success(text: string): void {
    this.line(`${this.c.green("✔")} ${text}`);
  }

  /** A SQL statement, terminated so that the output can be run as a script. */
  statement(sql: string): void {
    this.line(`${this.c.cyan(sql)};`);
  }

  warn(text: string): void {
    this.clearProgress();
    this.stderr.write(`${this.c.yellow("warning:")} ${text}\n`);
  }

  /** One paragraph: what failed and what to do, with the stable error code of a StrataError. */
  error(error: unknown): void {
    this.clearProgress();
    let text: string;
    if (error instanceof StrataError) text = `${this.c.red(this.c.bold(`error [${error.code}]:`))} ${error.message}`;
    else if (error instanceof Error) {
      const detail = process.env.STRATA_DEBUG ? `\n${error.stack}` : " (set STRATA_DEBUG=1 for the stack trace)";
      text = `${this.c.red(this.c.bold("error:"))} unexpected ${error.name}: ${error.message}${detail}`;
    } else text = `${this.c.red(this.c.bold("error:"))} ${String(error)}`;
    this.stderr.write(`${text}\n`);
  }

  /** A transient status line, redrawn in place on a terminal; nothing is written when output goes to a file or pipe. */
  progress(text: string): void {
    if (!this.live) return;
    this.stdout.write(`\r\x1b[2K${this.c.dim(text)}`);
    this.progressShown = true;
  }

  /** Where a long step begins: a redrawn progress line on a terminal, a plain line in logs (so they show what was running). */
  status(text: string): void {
    if (this.live) this.progress(text);
    else this.line(text);
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.stdout.write("\r\x1b[2K");
    this.progressShown = false;
  }
}
