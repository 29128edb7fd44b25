import type { Command } from "commander";
import { checkSchema } from "../../schema";
import { driftError } from "../../schema/schema-check";
import { commandAction } from "../command-action";
import { plural } from "../plural";

export function registerSchemaCheck(program: Command): void {
  program
    .command("schema:check")
    .description("compare the database with the entities, changing nothing: exit 0 when they match, 1 with the differences (for CI)")
    .action(
      commandAction(async (ctx) => {
        await ctx.requireEntities();
        const engine = await ctx.engine();
        const differences = await checkSchema(engine);
        if (differences.length === 0) {
          ctx.out.success(`The database matches the entities (${plural(engine.metadata.tableSchemas.length, "table")}).`);
          return;
        }
        throw driftError(differences, `The ${engine.dialect.name} database`);
      }),
    );
}
