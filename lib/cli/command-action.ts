import type { Command } from "commander";
import { CliContext, type GlobalOptions } from "./cli-context";
import { Output } from "./output";

/**
 * Wraps a command's body: builds its context from the global options
 * (--config, --no-color) and disposes its engines however it ends. Errors go
 * up to main(), which prints them and sets the exit code.
 */
export function commandAction<Args extends unknown[]>(
  body: (ctx: CliContext, ...args: Args) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = command.optsWithGlobals<GlobalOptions & { color?: boolean }>();
    const ctx = new CliContext(options.color === false ? Output.plain() : new Output(), options);
    try {
      await body(ctx, ...(args.slice(0, -1) as Args));
    } finally {
      await ctx.close();
    }
  };
}
