import type { Command } from "commander";
import { Migrator } from "../../../migrations";
import { ConfigError } from "../../errors";
import { commandAction } from "../command-action";

export function registerMigrationResolve(program: Command): void {
  program
    .command("migration:resolve")
    .argument("<name>", "the migration, as migration:status names it")
    .description(
      "after checking the database by hand, clear a failed or unfinished migration's block (--applied or --rolled-back), or accept an edited applied migration (--applied)",
    )
    .option("--applied", "record the migration as fully applied (and its file's current checksum)")
    .option("--rolled-back", "remove it from the ledger: none of it is in the database, it is pending again")
    .action(
      commandAction(async (ctx, name: string, options: { applied?: boolean; rolledBack?: boolean }) => {
        if (options.applied === options.rolledBack) {
          throw new ConfigError(`migration:resolve ${name} needs exactly one of --applied or --rolled-back.`);
        }
        const config = await ctx.config();
        const migrator = new Migrator(await ctx.engine(), { folder: config.migrationsFolder });
        const as = options.applied ? "applied" : "rolled-back";
        const before = await migrator.resolve(name, as);
        ctx.out.success(`${name} (was ${before}) is now ${as === "applied" ? "recorded as applied" : "pending again"}.`);
      }),
    );
}
