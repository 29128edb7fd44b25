import type { Command } from "commander";
import { Migrator } from "../../../migrations";
import { commandAction } from "../command-action";
import { migrationProgress } from "../migration-progress";
import { plural } from "../plural";
import { lockTimeoutMs } from "./lock-timeout";

export function registerMigrationRun(program: Command): void {
  program
    .command("migration:run")
    .description("apply every pending migration, oldest first, each in its own transaction where the database allows")
    .option("--dry-run", "print the SQL of the pending migrations instead of running it")
    .option("--verbose", "print each statement as it runs")
    .option("--lock-timeout <seconds>", "how long to wait for another runner's lock", "60")
    .action(
      commandAction(async (ctx, options: { dryRun?: boolean; verbose?: boolean; lockTimeout: string }) => {
        const config = await ctx.config();
        const migrator = new Migrator(await ctx.engine(), {
          folder: config.migrationsFolder,
          lockTimeoutMs: lockTimeoutMs(options.lockTimeout),
          events: migrationProgress(ctx.out, options.verbose === true),
        });
        if (options.dryRun) {
          const pending = await migrator.pending();
          for (const { file, steps } of pending) {
            ctx.out.line(ctx.out.c.dim(`-- ${file.name}`));
            for (const step of steps) {
              if (step.kind === "sql") ctx.out.statement(step.sql);
              else ctx.out.line(ctx.out.c.dim(`-- ${step.description}: code, run when the migration runs`));
            }
          }
          ctx.out.line(ctx.out.c.dim(`-- ${plural(pending.length, "pending migration")}; nothing was run.`));
          return;
        }
        const applied = await migrator.run();
        if (applied.length === 0) ctx.out.success("No pending migrations: the database is up to date.");
        else ctx.out.success(`${plural(applied.length, "migration")} applied.`);
      }),
    );
}
