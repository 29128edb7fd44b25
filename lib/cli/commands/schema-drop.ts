import type { Command } from "commander";
import { LEDGER_TABLE } from "../../../migrations";
import type { EchoEvent } from "../../engine";
import { commandAction } from "../command-action";
import { plural } from "../plural";

/** Catalog reads and transaction control are how a drop is done, not what it does. */
function isChange(event: EchoEvent): boolean {
  return !/^\s*(SELECT|BEGIN|COMMIT|ROLLBACK|START|SAVEPOINT|RELEASE|WITH)\b/i.test(event.sql) && event.error === undefined;
}

export function registerSchemaDrop(program: Command): void {
  program
    .command("schema:drop")
    .description(`drop every table of the entities (and join tables) and the ${LEDGER_TABLE} ledger, printing each statement`)
    .action(
      commandAction(async (ctx) => {
        await ctx.requireEntities();
        let count = 0;
        const engine = await ctx.engine((event) => {
          if (!isChange(event)) return;
          count++;
          ctx.out.statement(event.sql);
        });
        await engine.dropAll();
        // The ledger goes too: its rows describe a schema that no longer exists.
        await engine.dropAll([{ schema: { name: LEDGER_TABLE, columns: [], primaryKey: [], foreignKeys: [], uniques: [], indexes: [] } }]);
        ctx.out.success(
          count === 0 ? "Nothing to drop: none of the entities' tables exist." : `Dropped: ${plural(count, "statement")} run.`,
        );
      }),
    );
}
