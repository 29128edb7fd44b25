import type { Command } from "commander";
import { Migrator } from "../../../migrations";
import { commandAction } from "../command-action";
import { migrationProgress } from "../migration-progress";
import { lockTimeoutMs } from "./lock-timeout";

export function registerMigrationRevert(program: Command): void {
  program
    .command("migration:revert")
    .description("revert the most recently applied migration by running its down()")
    .option("--verbose", "print each statement as it runs")
    .option("--lock-timeout <seconds>", "how long to wait for another runner's lock", "60")
    .action(
      commandAction(async (ctx, options: { verbose?: boolean; lockTimeout: string }) => {
        const config = await ctx.config();
        const migrator = new Migrator(await ctx.engine(), {
          folder: config.migrationsFolder,
          lockTimeoutMs: lockTimeoutMs(options.lockTimeout),
          events: migrationProgress(ctx.out, options.verbose === true),
        });
        const reverted = await migrator.revert();
        if (reverted === undefined) ctx.out.success("No applied migration to revert.");
      }),
    );
}
