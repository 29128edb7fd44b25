import { withMysqlAdmin, withPostgresAdmin } from "./admin";
import { selectedDialects, unavailableDialects } from "./servers";

/** Drop whatever this run's test files left behind (a crashed file skips its own cleanup). */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.STRATA_TEST_RUN_ID;
  if (!runId) return;
  const prefix = `strata_t_${runId}_`;
  const skip = unavailableDialects();
  const dialects = selectedDialects().filter((d) => !skip.has(d));
  if (dialects.includes("postgres")) {
    await withPostgresAdmin(async (c) => {
      const { rows } = await c.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`${prefix}%`]);
      for (const r of rows) await c.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
    });
  }
  if (dialects.includes("mysql")) {
    await withMysqlAdmin(async (c) => {
      const [rows] = await c.query("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?", [`${prefix}%`]);
      for (const r of rows as { name: string }[]) await c.query(`DROP DATABASE IF EXISTS \`${r.name}\``);
    });
  }
}
