import { Column, ConfigError, createEngine, PrimaryKey, SchemaDriftError, select, Table } from "../../lib";
import { createEngine as createCoreEngine } from "../../lib/engine";
import { applySync, checkSchema, planSync } from "../../lib/schema";
import { Migrator } from "../../migrations";
import { migrationFolder, writeMigration } from "../migrations/migration-files";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

@Table("gauges")
class Gauge {
  @PrimaryKey() id!: number;
  @Column({ length: 20 }) label!: string;
}

const MISSING = "table gauges is missing from the database";

/** The warnings passed to process.emitWarning while `fn` runs: [message, options]. */
async function warningsDuring(fn: () => Promise<unknown>): Promise<unknown[][]> {
  const spy = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  try {
    await fn();
    return spy.mock.calls as unknown[][];
  } finally {
    spy.mockRestore();
  }
}

describeEachDialect("the schema check of createEngine", (db) => {
  afterEach(async () => {
    await db.engine().connect((conn) => conn.runSql("DROP TABLE IF EXISTS gauges"));
  });

  it("checkSchema lists each difference, and nothing once the database matches", async () => {
    const engine = db.engine({ entities: [Gauge] });
    expect(await checkSchema(engine)).toEqual([MISSING]);
    await applySync(engine, await planSync(engine));
    expect(await checkSchema(engine)).toEqual([]);
  });

  it('schemaCheck: "warn" warns once, on the first use, and the engine works on', async () => {
    const engine = createEngine(db.url, { entities: [Gauge], schemaCheck: "warn" });
    try {
      const warnings = await warningsDuring(async () => {
        expect(await engine.connect(async (conn) => (await conn.runSql("SELECT 1 AS one")).rows)).toEqual([{ one: 1 }]);
        await engine.connect((conn) => conn.runSql("SELECT 2 AS two"));
      });
      expect(warnings).toHaveLength(1);
      const [message, options] = warnings[0];
      expect(options).toEqual({ code: "STRATA_SCHEMA_DRIFT" });
      expect(message).toContain(`The ${db.dialect} database at ${engine.url} differs from the entities in 1 way:\n  - ${MISSING}`);
    } finally {
      await engine.dispose();
    }
  });

  it('schemaCheck: "error" fails the first use and every later one with SchemaDriftError', async () => {
    const engine = createEngine(db.url, { entities: [Gauge], schemaCheck: "error" });
    try {
      const error = await expectStrataError(
        engine.connect((conn) => conn.runSql("SELECT 1 AS one")),
        SchemaDriftError,
        "SCHEMA_DRIFT",
        MISSING,
        'Bring it in line with "strata schema:sync" (development) or a migration',
      );
      expect(error.differences).toEqual([MISSING]);
      await expect(engine.connect(async () => "used")).rejects.toBe(error);
    } finally {
      await engine.dispose();
    }
  });

  it("work on the schema comes first and is not checked: migrations run, then the check passes", async () => {
    const folder = migrationFolder();
    writeMigration(
      folder,
      "001-gauges",
      [
        `m.createTable({ name: "gauges", columns: [{ name: "id", type: { kind: "integer" }, autoIncrement: true }, { name: "label", type: { kind: "varchar", length: 20 } }], primaryKey: ["id"] });`,
      ],
      [`m.dropTable("gauges");`],
    );
    const engine = createEngine(db.url, { entities: [Gauge], schemaCheck: "error" });
    try {
      expect(await new Migrator(engine, { folder }).run()).toEqual(["001-gauges"]);
      expect((await engine.execute(select(engine.tableOf(Gauge)))).all()).toEqual([]);
    } finally {
      await engine.dispose();
    }
    const created = createEngine(db.url, { entities: [Gauge], schemaCheck: "error" });
    try {
      await db.engine().connect((conn) => conn.runSql("DROP TABLE gauges"));
      await created.createAll();
      expect((await created.execute(select(created.tableOf(Gauge)))).all()).toEqual([]);
    } finally {
      await created.dispose();
    }
  });

  it("only the schema layer's createEngine runs the check; a mode it does not know is refused", async () => {
    await expectStrataError(
      () => createCoreEngine(db.url, { schemaCheck: "warn" }),
      ConfigError,
      "CONFIG_ERROR",
      'createEngine from "strata-orm"',
    );
    await expectStrataError(
      () => createEngine(db.url, { schemaCheck: "loud" as never }),
      ConfigError,
      "CONFIG_ERROR",
      'schemaCheck must be "warn" or "error", got "loud".',
    );
  });
});
