import { type Engine, sql } from "../../lib";
import type { TestDialect } from "./servers";

/**
 * A case-insensitive collation on each database. PostgreSQL has none built
 * in: createCaseInsensitiveCollation() makes one (nondeterministic, ICU) in
 * the test's schema, as the README tells users to.
 */
export const CASE_INSENSITIVE: Readonly<Record<TestDialect, string>> = {
  sqlite: "NOCASE",
  postgres: "strata_ci",
  mysql: "utf8mb4_unicode_ci",
};

/** Make CASE_INSENSITIVE[dialect] exist where it is not built in (PostgreSQL). */
export async function createCaseInsensitiveCollation(dialect: TestDialect, engine: Engine): Promise<void> {
  if (dialect !== "postgres") return;
  await engine.execute(
    sql.unsafe("CREATE COLLATION IF NOT EXISTS strata_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"),
  );
}
