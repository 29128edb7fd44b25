import { join } from "node:path";
import { createEngine, type Engine } from "../../lib";
import { runCli } from "../cli/support/run-cli";
import { TempProject } from "../cli/support/temp-project";
import { describeEachDialect } from "../support/test-database";

const MIGRATIONS = 4;

/**
 * Migration i creates table run_i and logs itself into run_log: applied twice,
 * the CREATE TABLE would fail and run_log would hold two rows for it. The
 * first one also counts to a few hundred thousand (a recursive query every
 * database runs), so the second runner starts while the first is busy.
 */
function migration(i: number): string {
  const slow = `m.sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT COUNT(*) AS n FROM c");`;
  const first = i === 1 ? `m.sql("CREATE TABLE run_log (migration integer NOT NULL)");\n  ${slow}\n  ` : "";
  const inserts = Array.from({ length: 20 }, (_, k) => `m.sql("INSERT INTO run_${i} (n) VALUES (${k})");`).join("\n  ");
  return `export function up(m: any) {
  ${first}m.sql("CREATE TABLE run_${i} (n integer NOT NULL)");
  ${inserts}
  m.sql("INSERT INTO run_log (migration) VALUES (${i})");
}
export function down(m: any) { m.sql("DROP TABLE run_${i}"); }
`;
}

describeEachDialect("two migration:run processes at once", (db) => {
  let project: TempProject;
  let engine: Engine;

  beforeAll(() => {
    project = new TempProject("strata-race-");
    project.write("strata.config.json", JSON.stringify({ migrations: "migrations" }));
    for (let i = 1; i <= MIGRATIONS; i++) project.write(join("migrations", `2024010100000${i}-step.ts`), migration(i));
    engine = createEngine(db.url);
  });
  afterAll(async () => {
    await engine.dispose();
    project.remove();
  });

  it("apply each migration exactly once between them, and both succeed", async () => {
    const env = { DATABASE_URL: db.url };
    const [a, b] = await Promise.all([runCli(project.dir, ["migration:run"], env), runCli(project.dir, ["migration:run"], env)]);
    for (const r of [a, b]) {
      if (r.code !== 0) throw new Error(`a runner failed:\n${r.stderr}${r.stdout}`);
    }
    const appliedLines = `${a.stdout}${b.stdout}`.split("\n").filter((l) => l.startsWith("✔ Applied "));
    expect(appliedLines).toHaveLength(MIGRATIONS);

    const log = await engine.connect(async (conn) => (await conn.runSql("SELECT migration FROM run_log ORDER BY migration")).rows);
    expect(log.map((r) => Number(r.migration))).toEqual([1, 2, 3, 4]);
    const ledger = await engine.connect(
      async (conn) => (await conn.runSql("SELECT name, status FROM strata_migrations ORDER BY name")).rows,
    );
    expect(ledger).toEqual(Array.from({ length: MIGRATIONS }, (_, i) => ({ name: `2024010100000${i + 1}-step`, status: "applied" })));
  });
});
