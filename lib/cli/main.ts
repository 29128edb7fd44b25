import { CommanderError } from "commander";
import { Output } from "./output";
import { buildProgram } from "./program";

/**
 * Run the `strata` command line and resolve to its exit code: 0 on success,
 * 1 on any failure, after printing one paragraph that says what failed and
 * what to do. Commander reports usage mistakes (unknown command, missing
 * argument) itself, with the help hint.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    (argv.includes("--no-color") ? Output.plain() : new Output()).error(error);
    return 1;
  }
}
