import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Engine, MigrationBlockedError, MigrationError, MigrationFileError, MigrationLockError } from "../../lib";
import { LEDGER_TABLE, type MigrationEvents, Migrator } from "../../migrations";
import { describeEachDialect } from "../support/test-database";
import { migrationFolder, writeMigration } from "./migration-files";

const widgets = `lib.defineTable("widgets", { id: lib.integer().primaryKey(), name: lib.varchar(50).notNull() })`;

async function tableNames(engine: Engine): Promise<string[]> {
  return (await engine.introspect()).map((t) => t.name).filter((n) => n !== LEDGER_TABLE);
}

async function count(engine: Engine, table: string): Promise<number> {
  return engine.connect(async (conn) => Number(Object.values((await conn.runSql(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0])[0]));
}

describeEachDialect("Migrator", (db) => {
  let engine: Engine;
  beforeAll(() => {
    engine = db.engine();
  });
  afterEach(async () => {
    for (const table of ["widget_notes", "widgets", "gadgets", LEDGER_TABLE]) {
      await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${table}`));
    }
  });

  it("applies a hand-written migration (schema API and raw SQL) in order, records it, and reverts it", async () => {
    const folder = migrationFolder();
    writeMigration(
      folder,
      "001-widgets",
      [
        `m.createTable(${widgets});`,
        `m.addColumn("widgets", { name: "code", type: { kind: "varchar", length: 10 }, nullable: true, autoIncrement: false });`,
        `m.createIndex("widgets", { name: "ix_widgets_code", columns: ["code"], unique: false });`,
        `m.sql("INSERT INTO widgets (name, code) VALUES ('first', 'w1')");`,
      ],
      [`m.dropTable("widgets");`],
    );
    const migrator = new Migrator(engine, { folder });
    expect(await migrator.run()).toEqual(["001-widgets"]);

    const live = await engine.introspect("widgets");
    expect(live?.columns.map((c) => c.name)).toEqual(["id", "name", "code"]);
    expect(live?.indexes.map((i) => i.name)).toEqual(["ix_widgets_code"]);
    expect(await count(engine, "widgets")).toBe(1);
    const [state] = await migrator.status();
    expect(state).toMatchObject({ name: "001-widgets", state: "applied", changed: false });
    expect(state.row?.appliedAt).toBeInstanceOf(Date);
    expect(state.row?.checksum).toMatch(/^[0-9a-f]{64}$/);

    expect(await migrator.run()).toEqual([]);
    expect(await migrator.revert()).toBe("001-widgets");
    expect(await tableNames(engine)).toEqual([]);
    expect((await migrator.status()).map((s) => s.state)).toEqual(["pending"]);
    expect(await migrator.revert()).toBeUndefined();
  });

  it("reverts the most recently applied migration first", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-widgets", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
    writeMigration(
      folder,
      "002-gadgets",
      [`m.createTable(lib.defineTable("gadgets", { id: lib.integer().primaryKey() }));`],
      [`m.dropTable("gadgets");`],
    );
    const migrator = new Migrator(engine, { folder });
    expect(await migrator.run()).toEqual(["001-widgets", "002-gadgets"]);
    expect(await migrator.revert()).toBe("002-gadgets");
    expect(await tableNames(engine)).toEqual(["widgets"]);
    expect(await migrator.revert()).toBe("001-widgets");
    expect(await tableNames(engine)).toEqual([]);
  });

  it("a migration failing at its k-th statement: rolled back with no ledger row where DDL is transactional; elsewhere reports the applied count and blocks re-runs until resolved", async () => {
    const folder = migrationFolder();
    const brokenUp = [
      `m.createTable(${widgets});`,
      `m.sql("INSERT INTO widgets (name) VALUES ('a')");`,
      `m.sql("INSERT INTO no_such_table (id) VALUES (1)");`,
      `m.createTable(lib.defineTable("gadgets", { id: lib.integer().primaryKey() }));`,
    ];
    writeMigration(folder, "001-broken", brokenUp, [`m.dropTable("gadgets");`, `m.dropTable("widgets");`]);
    const migrator = new Migrator(engine, { folder });

    const error = await migrator.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe("MIGRATION_FAILED");
    expect((error as MigrationError).message).toContain("failed at statement 3");
    expect((error as MigrationError).message).toContain("no_such_table");

    if (engine.dialect.capabilities.transactionalDdl) {
      expect((error as MigrationError).appliedStatements).toBe(0);
      expect((error as MigrationError).message).toContain("rolled back");
      expect(await tableNames(engine)).toEqual([]);
      expect((await migrator.status()).map((s) => [s.state, s.row])).toEqual([["pending", undefined]]);
    } else {
      expect((error as MigrationError).appliedStatements).toBe(2);
      expect((error as MigrationError).message).toContain("the 2 statements before it were applied");
      expect(await tableNames(engine)).toEqual(["widgets"]);
      const [state] = await migrator.status();
      expect(state).toMatchObject({ state: "blocked", row: { status: "failed", statements: 2 } });
      // A blind re-run refuses, even once the file is fixed.
      writeMigration(folder, "001-broken", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
      // Jest keeps its own module registry, which the loader's require.cache eviction cannot reach.
      jest.resetModules();
      const blocked = await migrator.run().catch((e: unknown) => e);
      expect(blocked).toBeInstanceOf(MigrationBlockedError);
      expect((blocked as MigrationBlockedError).message).toContain("migration:resolve 001-broken --rolled-back");
      expect(await migrator.revert().catch((e: unknown) => e)).toBeInstanceOf(MigrationBlockedError);
      // Undo by hand, then resolve: the migration is pending again and runs.
      await engine.connect((conn) => conn.runSql("DROP TABLE widgets"));
      expect(await migrator.resolve("001-broken", "rolled-back")).toBe("failed");
      expect((await migrator.status()).map((s) => s.state)).toEqual(["pending"]);
      expect(await migrator.run()).toEqual(["001-broken"]);
      expect(await tableNames(engine)).toEqual(["widgets"]);
    }
  });

  it("checks every pending file before running any: a file without down() stops the run with nothing applied", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-widgets", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
    writeFileSync(join(folder, "002-no-down.ts"), "export function up() {}\n");
    const error = await new Migrator(engine, { folder }).run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFileError);
    expect((error as MigrationFileError).message).toMatch(/002-no-down .* must export two functions, up\(m\) and down\(m\)/);
    expect(await tableNames(engine)).toEqual([]);
  });

  it("reports an applied migration whose file was edited (checksum), and accepts the edit when resolved as applied", async () => {
    const folder = migrationFolder();
    const path = writeMigration(folder, "001-widgets", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
    const mismatches: string[] = [];
    const events: MigrationEvents = { checksumMismatch: (name) => mismatches.push(name) };
    const migrator = new Migrator(engine, { folder, events });
    await migrator.run();
    appendFileSync(path, "// edited after it ran\n");

    expect(await migrator.status()).toMatchObject([{ name: "001-widgets", state: "applied", changed: true }]);
    expect(await migrator.run()).toEqual([]);
    expect(mismatches).toEqual(["001-widgets"]);

    await migrator.resolve("001-widgets", "applied");
    expect(await migrator.status()).toMatchObject([{ state: "applied", changed: false }]);
  });

  it("waits for another runner's lock, gives up after the lock timeout with MigrationLockError, and runs once the lock is free", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-widgets", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
    await new Migrator(engine, { folder: migrationFolder() }).run(); // creates the ledger table, so only the lock is contended

    // Another runner's hold: its session lock, or (SQLite) an open write transaction.
    const lock = engine.dialect.migrationLock;
    const lease = await db.engine().openConnection();
    const holder = lease.connection;
    await holder.runSql(lock?.kind === "session" ? lock.tryAcquire(LEDGER_TABLE) : "BEGIN IMMEDIATE");
    let waits = 0;
    const migrator = new Migrator(engine, { folder, lockTimeoutMs: 300, events: { lockWait: () => waits++ } });
    try {
      const error = await migrator.run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationLockError);
      expect((error as MigrationLockError).code).toBe("MIGRATION_LOCK_TIMEOUT");
      expect(waits).toBe(1);
      expect(await tableNames(engine)).toEqual([]);
    } finally {
      await holder.runSql(lock?.kind === "session" ? lock.release(LEDGER_TABLE) : "ROLLBACK");
      lease.release();
    }
    expect(await migrator.run()).toEqual(["001-widgets"]);
  });

  it("lists a ledger entry whose file is gone as missing, and refuses to revert it", async () => {
    const folder = migrationFolder();
    writeMigration(folder, "001-widgets", [`m.createTable(${widgets});`], [`m.dropTable("widgets");`]);
    await new Migrator(engine, { folder }).run();
    const empty = new Migrator(engine, { folder: migrationFolder() });
    expect(await empty.status()).toMatchObject([{ name: "001-widgets", state: "missing" }]);
    const error = await empty.revert().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFileError);
    expect((error as Error).message).toContain("Cannot revert 001-widgets: its file is not in");
  });
});
