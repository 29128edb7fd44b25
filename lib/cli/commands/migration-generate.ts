import { relative } from "node:path";
import type { Command } from "commander";
import { generatedMigrationSource, Migrator, writeMigrationFile } from "../../../migrations";
import { UsageError } from "../../errors";
import { planSync, reverseOperations } from "../../schema";
import { commandAction } from "../command-action";
import { plural } from "../plural";
import { type RenameOptions, resolveRenames, withRenameOptions } from "../rename-options";

export function registerMigrationGenerate(program: Command): void {
  withRenameOptions(
    program
      .command("migration:generate")
      .argument("<name>", "what the migration does, e.g. add-due-date (letters, digits, - and _)")
      .description("compare the entities with the database and write the difference as a migration with up() and down()")
      .option("--allow-drop", "include drops of tables, columns and constraints that no entity maps"),
  ).action(
    commandAction(async (ctx, name: string, options: RenameOptions & { allowDrop?: boolean }) => {
      await ctx.requireEntities();
      const config = await ctx.config();
      const engine = await ctx.engine();
      // The diff is against the live database: unapplied migrations would be written a second time.
      const pending = (await new Migrator(engine, { folder: config.migrationsFolder }).status()).filter((s) => s.state !== "applied");
      if (pending.length > 0) {
        throw new UsageError(
          `${plural(pending.length, "migration")} (${pending.map((s) => s.name).join(", ")}) ${pending.length === 1 ? "is" : "are"} not applied to ${engine.url}; the new migration would repeat ${pending.length === 1 ? "its" : "their"} changes. Run "strata migration:run" first (or resolve them: see migration:status).`,
        );
      }
      const allowDrop = options.allowDrop === true;
      const renames = await resolveRenames(ctx, engine, { ...options, allowDrop });
      const plan = await planSync(engine, { allowDrop, renames });
      for (const warning of plan.warnings) ctx.out.warn(warning);
      if (plan.operations.length === 0) {
        ctx.out.success("The database already matches the entities: no migration written.");
        return;
      }
      const down = reverseOperations(plan.operations, await engine.introspect());
      const path = writeMigrationFile(config.migrationsFolder, name, generatedMigrationSource(name, plan.operations, down));
      for (const sql of plan.statements) ctx.out.statement(sql);
      ctx.out.success(
        `Wrote ${relative(process.cwd(), path)} (${plural(plan.operations.length, "change")}, ${plural(plan.statements.length, "statement")} on this database). Review it, then run "strata migration:run".`,
      );
    }),
  );
}
