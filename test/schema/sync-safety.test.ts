import {
  Column,
  defineTable,
  del,
  type Engine,
  type EntityClass,
  ForeignKeyViolationError,
  InvalidStatementError,
  insert,
  integer,
  ManyToOne,
  PrimaryKey,
  type Relation,
  StrataError,
  select,
  Table,
  varchar,
} from "../../lib";
import { applySync, compileOperations, planSync, SchemaChangeFailedError, SchemaChangeRefusedError } from "../../lib/schema";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

async function rowsOf(engine: Engine, entity: EntityClass): Promise<Record<string, unknown>[]> {
  const rows = (await engine.execute(select(engine.tableOf(entity)))).all() as Record<string, unknown>[];
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

function ddlOf(statements: { sql: string }[]): string[] {
  return statements.map((s) => s.sql).filter((sql) => /^(CREATE|ALTER|DROP|INSERT INTO "_strata)/i.test(sql));
}

@Table("people")
class PersonWithNickname {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
  @Column({ type: "varchar", length: 20, nullable: true }) nickname!: string | null;
}

@Table("people")
class Person {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
}

/** A table entities know nothing of. */
const auditLog = defineTable("audit_log", { id: integer().primaryKey(), event: varchar(50).notNull() });

describeEachDialect("schema sync of what only the database has", (db) => {
  it("reports a column only in the database and keeps it with its values; allowDrop drops it", async () => {
    const old = db.engine({ entities: [PersonWithNickname] });
    await old.createAll();
    await old.execute(
      insert(old.tableOf(PersonWithNickname)).values([
        { name: "Ann", nickname: "A" },
        { name: "Bob", nickname: null },
      ]),
    );
    const engine = db.engine({ entities: [Person] });

    const plan = await planSync(engine);
    expect(plan.statements).toEqual([]);
    expect(plan.warnings).toEqual([
      "Column people.nickname is in the database but not in the entities: kept (to drop it: allowDrop: true, or --allow-drop on the strata command line).",
    ]);
    expect((await rowsOf(old, PersonWithNickname)).map((r) => r.nickname)).toEqual(["A", null]);

    const dropping = await planSync(engine, { allowDrop: true });
    const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
    expect(dropping.statements).toEqual([`ALTER TABLE ${q("people")} DROP COLUMN ${q("nickname")}`]);
    expect(dropping.warnings).toEqual(["Column people.nickname is in the database but not in the entities: dropped (allowDrop)."]);
    await applySync(engine, dropping);
    expect(await rowsOf(engine, Person)).toEqual([
      { id: 1, name: "Ann" },
      { id: 2, name: "Bob" },
    ]);
    expect(await planSync(engine, { allowDrop: true })).toEqual({ operations: [], statements: [], warnings: [], renameCandidates: [] });
  });

  it("reports a table only in the database and keeps it; allowDrop drops it", async () => {
    const engine = db.engine({ entities: [Person] });
    await engine.createAll([auditLog]);
    await engine.execute(insert(auditLog).values({ id: 1, event: "kept" }));
    const plan = await planSync(engine);
    expect(plan.statements).toEqual([]);
    expect(plan.warnings).toEqual([
      "Table audit_log is in the database but not in the entities: kept (to drop it: allowDrop: true, or --allow-drop on the strata command line).",
    ]);
    expect((await engine.execute(select(auditLog))).all()).toEqual([{ id: 1, event: "kept" }]);

    const dropping = await planSync(engine, { allowDrop: true });
    expect(dropping.operations.map((op) => op.kind)).toEqual(["dropTable"]);
    await applySync(engine, dropping);
    expect(await engine.introspect("audit_log")).toBeUndefined();
  });
});

@Table("accounts")
class Account {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 50, nullable: true }) email!: string | null;
}

@Table("accounts")
class AccountWithRequiredPlan {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 50, nullable: true }) email!: string | null;
  @Column({ length: 10 }) plan!: string;
}

@Table("accounts")
class AccountWithRequiredEmail {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) email!: string;
}

@Table("accounts")
class AccountWithDefaultPlan {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 50, nullable: true }) email!: string | null;
  @Column({ length: 10, default: "free" }) plan!: string;
}

describeEachDialect("schema sync refusing changes the rows cannot take", (db) => {
  beforeAll(async () => {
    const engine = db.engine({ entities: [Account] });
    await engine.createAll();
    await engine.execute(insert(engine.tableOf(Account)).values([{ email: "a@example.com" }, { email: null }]));
  });

  it("refuses a NOT NULL column without a default on a table with rows, before running anything", async () => {
    const { engine, statements } = db.recordingEngine({ entities: [AccountWithRequiredPlan] });
    const error = await planSync(engine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaChangeRefusedError);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as SchemaChangeRefusedError).code).toBe("SCHEMA_CHANGE_REFUSED");
    expect((error as Error).message).toBe(
      "Schema change refused, nothing was changed: Cannot add NOT NULL column accounts.plan without a default: accounts has rows, which would have no value for it. Give the column a default, or make it nullable (fill it, then make it NOT NULL in a later change).",
    );
    expect(ddlOf(statements)).toEqual([]);
  });

  it("refuses making a column NOT NULL while rows hold NULL in it", async () => {
    const engine = db.engine({ entities: [AccountWithRequiredEmail] });
    const error = await planSync(engine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaChangeRefusedError);
    expect((error as SchemaChangeRefusedError).problems).toEqual([
      "Cannot make accounts.email NOT NULL: 1 row holds NULL there. Give it a value first, or keep the column nullable.",
    ]);
  });

  it("adds a NOT NULL column with a default, which every existing row takes", async () => {
    const engine = db.engine({ entities: [AccountWithDefaultPlan] });
    await applySync(engine, await planSync(engine));
    expect(await rowsOf(engine, AccountWithDefaultPlan)).toEqual([
      { id: 1, email: "a@example.com", plan: "free" },
      { id: 2, email: null, plan: "free" },
    ]);
  });

  it("adds a NOT NULL column without a default to an empty table", async () => {
    const empty = db.engine({ entities: [Account] });
    await empty.execute(del(empty.tableOf(Account)));
    const engine = db.engine({ entities: [AccountWithRequiredPlan] });
    await applySync(engine, await planSync(engine, { allowDrop: true }));
    const plan = (await engine.introspect("accounts"))?.columns.find((c) => c.name === "plan");
    expect(plan).toMatchObject({ nullable: false, type: { kind: "varchar", length: 10 } });
    expect(plan?.default).toBeUndefined();
  });
});

@Table("owners")
class Owner {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
}

@Table("owners")
class OwnerWithLongerName {
  @PrimaryKey() id!: number;
  @Column({ length: 80 }) name!: string;
}

@Table("pets")
class Pet {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
  @ManyToOne(() => Owner, { onDelete: "cascade" }) owner!: Relation<Owner>;
}

@Table("pets")
class PetOfLongerNamedOwner {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
  @ManyToOne(() => OwnerWithLongerName, { onDelete: "cascade" }) owner!: Relation<OwnerWithLongerName>;
}

@Table("pets")
class PetWithNullableName {
  @PrimaryKey() id!: number;
  @Column({ type: "varchar", length: 50, nullable: true }) name!: string | null;
  @ManyToOne(() => OwnerWithLongerName, { onDelete: "cascade" }) owner!: Relation<OwnerWithLongerName>;
}

@Table("vets")
class VetWithoutKey {
  @PrimaryKey() id!: number;
  @Column() ownerId!: number;
}

@Table("vets")
class VetWithKey {
  @PrimaryKey() id!: number;
  @ManyToOne(() => OwnerWithLongerName) owner!: Relation<OwnerWithLongerName>;
}

describeEachDialect("schema sync of tables linked by foreign keys", (db) => {
  beforeAll(async () => {
    const engine = db.engine({ entities: [Owner, Pet] });
    await engine.createAll();
    await engine.execute(insert(engine.tableOf(Owner)).values([{ name: "Ann" }, { name: "Bob" }]));
    await engine.execute(
      insert(engine.tableOf(Pet)).values([
        { name: "Rex", owner_id: 1 },
        { name: "Tom", owner_id: 2 },
        { name: "Kit", owner_id: 2 },
      ] as never),
    );
  });

  // On SQLite this rebuilds the referenced table: dropping the old one must not fire ON DELETE CASCADE.
  it("changing a referenced table keeps the rows that reference it, and the foreign key still holds", async () => {
    const engine = db.engine({ entities: [OwnerWithLongerName, PetOfLongerNamedOwner] });
    const plan = await planSync(engine);
    expect(plan.operations.map((op) => op.kind)).toEqual([db.dialect === "sqlite" ? "rebuildTable" : "alterColumn"]);
    await applySync(engine, plan);
    expect((await rowsOf(engine, PetOfLongerNamedOwner)).map((r) => [r.name, r.owner_id])).toEqual([
      ["Rex", 1],
      ["Tom", 2],
      ["Kit", 2],
    ]);
    const pets = engine.tableOf(PetOfLongerNamedOwner);
    await expect(engine.execute(insert(pets).values({ name: "Lost", owner_id: 99 } as never))).rejects.toThrow(ForeignKeyViolationError);
    expect(await planSync(engine)).toMatchObject({ statements: [] });
  });

  it("rebuilding or altering the referencing table keeps its foreign key and its actions", async () => {
    const engine = db.engine({ entities: [OwnerWithLongerName, PetWithNullableName] });
    const before = await engine.introspect("pets");
    await applySync(engine, await planSync(engine));
    const after = await engine.introspect("pets");
    expect(after?.foreignKeys).toEqual(before?.foreignKeys);
    const owners = engine.tableOf(OwnerWithLongerName);
    await engine.execute(del(owners).where(owners.c.id.eq(1)));
    expect((await rowsOf(engine, PetWithNullableName)).map((r) => r.name)).toEqual(["Tom", "Kit"]);
    expect(await planSync(engine)).toMatchObject({ statements: [] });
  });

  it("adding a foreign key that existing rows break fails and leaves the table as it was", async () => {
    const old = db.engine({ entities: [VetWithoutKey] });
    await old.createAll();
    await old.execute(insert(old.tableOf(VetWithoutKey)).values([{ ownerId: 2 }, { ownerId: 99 }]));
    const engine = db.engine({ entities: [OwnerWithLongerName, VetWithKey] });
    const plan = await planSync(engine);
    expect(plan.operations.map((op) => op.kind)).toEqual([db.dialect === "sqlite" ? "rebuildTable" : "addForeignKey"]);
    await expect(applySync(engine, plan)).rejects.toThrow(ForeignKeyViolationError);
    expect((await engine.introspect("vets"))?.foreignKeys).toEqual([]);
    expect((await rowsOf(old, VetWithoutKey)).map((r) => r.ownerId)).toEqual([2, 99]);
  });
});

const PARTIAL_FAILURE: Record<TestDialect, "rolled back" | "first statement kept"> = {
  sqlite: "rolled back",
  postgres: "rolled back",
  // MySQL commits each DDL statement on its own.
  mysql: "first statement kept",
};

describeEachDialect("applying a plan that fails midway", (db) => {
  it("rolls back where DDL is transactional, and says how many statements stayed applied where it is not", async () => {
    const engine = db.engine();
    const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
    const statements = [
      `CREATE TABLE ${q("half_done")} (${q("id")} INTEGER NOT NULL)`,
      `ALTER TABLE ${q("no_such_table")} ADD COLUMN ${q("x")} INTEGER`,
    ];
    const error = await applySync(engine, { statements }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    if (PARTIAL_FAILURE[db.dialect] === "first statement kept") {
      expect(error).toBeInstanceOf(SchemaChangeFailedError);
      expect(error).toMatchObject({ code: "SCHEMA_CHANGE_FAILED", appliedStatements: 1, failedStatement: statements[1] });
      expect((error as Error).message).toMatch(
        /^Statement 2 of 2 of the schema sync failed; mysql cannot roll DDL back, so the 1 before it stay applied\./,
      );
      expect(await engine.introspect("half_done")).toBeDefined();
    } else {
      expect(error).not.toBeInstanceOf(SchemaChangeFailedError);
      expect(await engine.introspect("half_done")).toBeUndefined();
    }
  });
});

@Table("guarded")
class GuardV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 10 }) name!: string;
}

@Table("guarded")
class GuardV2 {
  @PrimaryKey() id!: number;
  @Column({ length: 20 }) name!: string;
}

describeEachDialect("compiled changes run on a plain connection, outside runSchemaChange", (db) => {
  it("alter in place where the database can; a SQLite rebuild refuses to run with foreign key enforcement on", async () => {
    const engine = db.engine({ entities: [GuardV1] });
    await engine.createAll();
    const v2 = db.engine({ entities: [GuardV2] });
    const plan = await planSync(v2);
    const statements = compileOperations(v2.dialect, plan.operations);
    const run = v2.begin(async (conn) => {
      for (const sql of statements) v2.dialect.ddl.checkSchemaChangeResult(sql, (await conn.runSql(sql)).rows);
    });
    const name = async () => (await v2.introspect("guarded"))?.columns[1];
    if (v2.dialect.ddl.schemaChangeSession.before.length === 0) {
      await run;
      expect(await name()).toMatchObject({ type: { kind: "varchar", length: 20 } });
      return;
    }
    // SQLite: dropping the old table with enforcement on would fire the ON DELETE actions of tables referencing it.
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStatementError);
    expect((error as Error).message).toMatch(/must run with foreign key enforcement off/);
    expect(await name()).toMatchObject({ sqlType: "VARCHAR(10)" });
  });
});
