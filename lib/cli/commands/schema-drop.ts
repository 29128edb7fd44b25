import type { Command } from "commander";
import { LEDGER_TABLE } from "../../../migrations";
import type { EchoEvent } from "../../engine";
import type { TableSchema } from "../../sql";
import { ConfirmationRequiredError } from "../cli-errors";
import { commandAction } from "../command-action";
import { plural } from "../plural";
import { confirm, isInteractive } from "../prompt";

/** Catalog reads and transaction control are how a drop is done, not what it does. */
function isChange(event: EchoEvent): boolean {
  return !/^\s*(SELECT|BEGIN|COMMIT|ROLLBACK|START|SAVEPOINT|RELEASE|WITH)\b/i.test(event.sql) && event.error === undefined;
}

const LEDGER: TableSchema = { name: LEDGER_TABLE, columns: [], primaryKey: [], foreignKeys: [], uniques: [], indexes: [] };

export function registerSchemaDrop(program: Command): void {
  program
    .command("schema:drop")
    .description(
      `drop every table of the entities (and join tables) and the ${LEDGER_TABLE} ledger, printing each statement; asks first in a terminal`,
    )
    .option("--force", "drop without asking (needed where there is no terminal to ask in: scripts, CI)")
    .action(
      commandAction(async (ctx, options: { force?: boolean }) => {
        await ctx.requireEntities();
        let count = 0;
        let dropping = false;
        const engine = await ctx.engine((event) => {
          if (!dropping || !isChange(event)) return;
          count++;
          ctx.out.statement(event.sql);
        });
        // The ledger goes too: its rows describe a schema that no longer exists.
        const tables = [...engine.metadata.tableSchemas, LEDGER];
        const live = new Set((await engine.introspect()).map((t) => t.name));
        const existing = tables.filter((t) => live.has(t.name)).map((t) => t.name);
        if (existing.length === 0) {
          ctx.out.success("Nothing to drop: none of the entities' tables exist.");
          return;
        }
        const what = `${plural(existing.length, "table")} (${existing.join(", ")}) and every row in ${existing.length === 1 ? "it" : "them"}`;
        if (!options.force) {
          if (!isInteractive()) {
            throw new ConfirmationRequiredError(
              `schema:drop would drop ${what} from ${engine.config.dialect} database ${JSON.stringify(engine.config.database)}; nothing was dropped. Run it in a terminal to confirm, or pass --force.`,
            );
          }
          if (!(await confirm(`Drop ${what}?`))) {
            ctx.out.line("Nothing was dropped.");
            return;
          }
        }
        dropping = true;
        await engine.dropAll(tables.map((schema) => ({ schema })));
        ctx.out.success(`Dropped: ${plural(count, "statement")} run.`);
      }),
    );
}
