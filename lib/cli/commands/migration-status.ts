import type { Command } from "commander";
import { type MigrationState, Migrator } from "../../../migrations";
import { MigrationsNotCurrentError } from "../cli-errors";
import { commandAction } from "../command-action";
import type { Output } from "../output";
import { plural } from "../plural";

function when(state: MigrationState): string {
  const at = state.row?.appliedAt;
  return at ? at.toISOString().replace("T", " ").slice(0, 19) : "";
}

/** The state word (padded before colouring, so columns line up) and a note after the name. */
function describe(out: Output, s: MigrationState): { label: string; note: string } {
  const { c } = out;
  const label = (word: string, paint: (t: string) => string) => paint(word.padEnd(8));
  switch (s.state) {
    case "pending":
      return { label: label("pending", c.yellow), note: "" };
    case "applied":
      return s.changed
        ? { label: label("changed", c.magenta), note: c.magenta("edited after it was applied (checksum differs from the ledger's)") }
        : { label: label("applied", c.green), note: "" };
    case "missing":
      return { label: label("missing", c.red), note: c.red("applied, but its file is gone") };
    case "blocked":
      return {
        label: label("BLOCKED", (t) => c.red(c.bold(t))),
        note: c.red(`${s.row?.status} after ${plural(s.row?.statements ?? 0, "statement")}; see "strata migration:resolve --help"`),
      };
  }
}

export function registerMigrationStatus(program: Command): void {
  program
    .command("migration:status")
    .description("list every migration: applied (and when), pending, edited since applied, failed or missing")
    .option(
      "--check",
      "exit 1 unless every migration is applied as written (none pending, blocked, edited or missing): for deploy pipelines",
    )
    .action(
      commandAction(async (ctx, options: { check?: boolean }) => {
        const config = await ctx.config();
        const engine = await ctx.engine();
        const states = await new Migrator(engine, { folder: config.migrationsFolder }).status();
        const { out } = ctx;
        out.line(`Migrations in ${config.migrationsFolder}:`);
        if (states.length === 0) out.line(out.c.dim("  (no migration files yet: create one with migration:create or migration:generate)"));
        for (const s of states) {
          const { label, note } = describe(out, s);
          out.line(`  ${label} ${when(s).padEnd(19)}  ${s.name}${note ? `  ${note}` : ""}`);
        }
        const count = (state: MigrationState["state"]) => states.filter((s) => s.state === state).length;
        const changed = states.filter((s) => s.changed).length;
        out.line(
          `${count("applied")} applied, ${count("pending")} pending${changed ? `, ${changed} changed` : ""}${count("blocked") ? `, ${count("blocked")} blocked` : ""}${count("missing") ? `, ${count("missing")} missing` : ""}.`,
        );
        if (!options.check) return;
        const problems = [
          count("pending") ? `${plural(count("pending"), "migration")} pending (run "strata migration:run")` : "",
          count("blocked") ? `${plural(count("blocked"), "migration")} blocked (see "strata migration:resolve --help")` : "",
          changed
            ? `${plural(changed, "applied migration")} edited since (${plural(changed, "file")} differ${changed === 1 ? "s" : ""} from what ran; put changes in a new migration, or accept with "strata migration:resolve <name> --applied")`
            : "",
          count("missing")
            ? `${plural(count("missing"), "applied migration")} missing from ${config.migrationsFolder} (code older than the database?)`
            : "",
        ].filter(Boolean);
        if (problems.length > 0) {
          throw new MigrationsNotCurrentError(`The database is not at the migrations of this code: ${problems.join("; ")}.`);
        }
      }),
    );
}
