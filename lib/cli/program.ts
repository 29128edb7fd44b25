import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { registerDbPull } from "./commands/db-pull";
import { registerInit } from "./commands/init";
import { registerMigrationCreate } from "./commands/migration-create";
import { registerMigrationGenerate } from "./commands/migration-generate";
import { registerMigrationResolve } from "./commands/migration-resolve";
import { registerMigrationRevert } from "./commands/migration-revert";
import { registerMigrationRun } from "./commands/migration-run";
import { registerMigrationStatus } from "./commands/migration-status";
import { registerSchemaCheck } from "./commands/schema-check";
import { registerSchemaDiagram } from "./commands/schema-diagram";
import { registerSchemaDrop } from "./commands/schema-drop";
import { registerSchemaLog } from "./commands/schema-log";
import { registerSchemaSync } from "./commands/schema-sync";

/** The package version, read from package.json two levels up (lib/cli in a checkout, dist/lib/cli when installed, three). */
function version(): string {
  for (const up of ["../..", "../../.."]) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, up, "package.json"), "utf8")) as { version: string }).version;
    } catch {}
  }
  return "unknown";
}

const FOOTER = `
Configuration: strata.config.ts (or .js, .json) in the working directory exporting { url, entities, migrations };
DATABASE_URL overrides url. NO_COLOR turns colour off.`;

/** The `strata` command and its subcommands. */
export function buildProgram(): Command {
  // exitOverride first: subcommands copy it when created, so --help and usage errors return to main() instead of exiting.
  const program = new Command("strata")
    .exitOverride()
    .description("Strata ORM: keep the database schema in line with your entities, and run migrations.")
    .version(version(), "-v, --version")
    .option("-c, --config <file>", "the config file (default: strata.config.ts, .js or .json in the working directory)")
    .option("--no-color", "plain output without colour")
    .showHelpAfterError('(run "strata --help" for the commands)')
    .addHelpText("after", FOOTER);
  registerInit(program);
  registerSchemaSync(program);
  registerSchemaLog(program);
  registerSchemaDrop(program);
  registerSchemaCheck(program);
  registerSchemaDiagram(program);
  registerMigrationCreate(program);
  registerMigrationGenerate(program);
  registerMigrationRun(program);
  registerMigrationRevert(program);
  registerMigrationStatus(program);
  registerMigrationResolve(program);
  registerDbPull(program);
  return program;
}
