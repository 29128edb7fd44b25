import { randomBytes } from "node:crypto";
import { withMysqlAdmin, withPostgresAdmin } from "./admin";
import { SERVER_URLS, START_HINTS, selectedDialects } from "./servers";

/**
 * Once per jest run: name the run (so parallel runs never share a database),
 * and check that each selected server answers. Outside CI an unreachable
 * server is skipped with one loud line; with CI=true it fails the run.
 */
export default async function globalSetup(): Promise<void> {
  process.env.STRATA_TEST_RUN_ID ??= randomBytes(3).toString("hex");
  const unavailable: string[] = [];
  const checks = { postgres: () => withPostgresAdmin((c) => c.query("SELECT 1")), mysql: () => withMysqlAdmin((c) => c.query("SELECT 1")) };
  for (const dialect of selectedDialects()) {
    if (dialect === "sqlite") continue;
    try {
      await checks[dialect]();
    } catch (error) {
      const line = `${dialect} at ${SERVER_URLS[dialect]} is not reachable (${(error as Error).message}); start it with: ${START_HINTS[dialect]}`;
      if (process.env.CI === "true") throw new Error(`CI needs every database server: ${line}`);
      console.warn(`\n!!! SKIPPING ALL ${dialect.toUpperCase()} TESTS: ${line}\n`);
      unavailable.push(dialect);
    }
  }
  process.env.STRATA_TEST_UNAVAILABLE = unavailable.join(",");
}
