import type { Command } from "commander";
import { applySync, planSync } from "../../schema";
import { commandAction } from "../command-action";
import { plural } from "../plural";
import { type RenameOptions, resolveRenames, withRenameOptions } from "../rename-options";

export function registerSchemaSync(program: Command): void {
  withRenameOptions(
    program
      .command("schema:sync")
      .description("bring the database in line with the entities, printing each statement as it runs")
      .option("--allow-drop", "also drop tables, columns and constraints that no entity maps (never done without it)"),
  ).action(
    commandAction(async (ctx, options: RenameOptions & { allowDrop?: boolean }) => {
      await ctx.requireEntities();
      const engine = await ctx.engine();
      const allowDrop = options.allowDrop === true;
      const renames = await resolveRenames(ctx, engine, { ...options, allowDrop });
      const plan = await planSync(engine, { allowDrop, renames });
      for (const warning of plan.warnings) ctx.out.warn(warning);
      if (plan.statements.length === 0) {
        ctx.out.success(`The database already matches the entities: 0 statements run.`);
        return;
      }
      await applySync(engine, plan, { onStatement: (sql) => ctx.out.statement(sql) });
      ctx.out.success(`Schema synchronized: ${plural(plan.statements.length, "statement")} run.`);
    }),
  );
}
