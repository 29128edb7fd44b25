import type { Command } from "commander";
import { planSync, renameArgument } from "../../schema";
import { commandAction } from "../command-action";
import { plural } from "../plural";
import { parseRenames, type RenameOptions, withRenameOptions } from "../rename-options";

export function registerSchemaLog(program: Command): void {
  withRenameOptions(
    program
      .command("schema:log")
      .description("print the SQL that schema:sync would run, as a script; changes nothing")
      .option("--allow-drop", "include the drops that schema:sync --allow-drop would run"),
  ).action(
    commandAction(async (ctx, options: RenameOptions & { allowDrop?: boolean }) => {
      await ctx.requireEntities();
      const plan = await planSync(await ctx.engine(), { allowDrop: options.allowDrop === true, renames: parseRenames(options) });
      for (const warning of plan.warnings) ctx.out.warn(warning);
      if (options.detectRenames) {
        for (const c of plan.renameCandidates) {
          ctx.out.warn(
            `Possible rename: the ${c.description}. The SQL below takes it as a drop and an add; if it is a rename, pass ${c.kind === "table" ? "--rename-table" : "--rename"} ${renameArgument(c)} (schema:sync asks in a terminal).`,
          );
        }
      }
      for (const sql of plan.statements) ctx.out.statement(sql);
      // A SQL comment, so the whole output stays a runnable script.
      ctx.out.line(ctx.out.c.dim(`-- ${plural(plan.statements.length, "statement")} to run; nothing was changed.`));
    }),
  );
}
