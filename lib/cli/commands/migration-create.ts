import { relative } from "node:path";
import type { Command } from "commander";
import { emptyMigrationSource, writeMigrationFile } from "../../../migrations";
import { commandAction } from "../command-action";

export function registerMigrationCreate(program: Command): void {
  program
    .command("migration:create")
    .argument("<name>", "what the migration does, e.g. add-due-date (letters, digits, - and _)")
    .description("write an empty migration, <migrations>/<timestamp>-<name>.ts, to fill in by hand")
    .action(
      commandAction(async (ctx, name: string) => {
        const config = await ctx.config();
        const path = writeMigrationFile(config.migrationsFolder, name, emptyMigrationSource(name));
        ctx.out.success(`Created ${relative(process.cwd(), path)}: fill in up() and down().`);
      }),
    );
}
