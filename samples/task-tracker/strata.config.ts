/**
 * The `strata` CLI's view of the sample (paths are relative to this file):
 *
 *   npx strata --config samples/task-tracker/strata.config.ts schema:diagram
 *   npx strata --config samples/task-tracker/strata.config.ts schema:log
 *
 * DATABASE_URL overrides the url, as it does for the sample itself.
 */
import type { StrataConfig } from "../../lib/cli";
import { databaseUrl } from "./database";
import { entities } from "./models";

export default {
  url: databaseUrl(),
  entities,
  // Next to the database, in the git-ignored data folder: migrations generated while trying the CLI are scratch work.
  migrations: ".data/migrations",
} satisfies StrataConfig;
