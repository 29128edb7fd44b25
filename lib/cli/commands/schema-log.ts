import type { Command } from "commander";
import { planSync } from "../../schema";
import { commandAction } from "../command-action";
import { plural } from "../plural";

export function registerSchemaLog(program: Command): void {
  program
    .command("schema:log")
    .description("print the SQL that schema:sync would run, as a script; changes nothing")
    .option("--allow-drop", "include the drops that schema:sync --allow-drop would run")
    .action(
      commandAction(async (ctx, options: { allowDrop?: boolean }) => {
        await ctx.requireEntities();
        const plan = await planSync(await ctx.engine(), { allowDrop: options.allowDrop === true });
        for (const warning of plan.warnings) ctx.out.warn(warning);
        for (const sql of plan.statements) ctx.out.statement(sql);
        // A SQL comment, so the whole output stays a runnable script.
        ctx.out.line(ctx.out.c.dim(`-- ${plural(plan.statements.length, "statement")} to run; nothing was changed.`));
      }),
    );
}
