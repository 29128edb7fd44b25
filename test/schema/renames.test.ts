import { Column, type Engine, type EntityClass, insert, ManyToOne, OneToMany, PrimaryKey, type Relation, select, Table } from "../../lib";
import {
  applySync,
  compileOperations,
  planSync,
  reverseOperations,
  runSchemaChange,
  SchemaChangeRefusedError,
  SchemaRenameError,
} from "../../lib/schema";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

@Table("people")
class PersonV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) fullname!: string;
  @Column({ type: "integer", nullable: true }) age!: number | null;
}

/** fullname renamed to display_name and made longer. */
@Table("people")
class PersonV2 {
  @PrimaryKey() id!: number;
  @Column({ length: 80 }) displayName!: string;
  @Column({ type: "integer", nullable: true }) age!: number | null;
}

/** The same rename, with a change SQLite's ALTER TABLE cannot make to another column (it rebuilds the table). */
@Table("people")
class PersonV2Rebuilt {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) displayName!: string;
  @Column({ type: "integer", default: 0 }) age!: number;
}

@Table("authors")
class AuthorV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) name!: string;
  @OneToMany(
    () => BookV1,
    (b) => b.author,
  )
  books!: Relation<BookV1>[];
}

@Table("books")
class BookV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) title!: string;
  @ManyToOne(
    () => AuthorV1,
    (a) => a.books,
  )
  author!: Relation<AuthorV1>;
}

/** authors renamed to writers; books keep their foreign key column, now pointing at writers. */
@Table("writers")
class Writer {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) name!: string;
  @OneToMany(
    () => BookV2,
    (b) => b.author,
  )
  books!: Relation<BookV2>[];
}

@Table("books")
class BookV2 {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) title!: string;
  @ManyToOne(
    () => Writer,
    (a) => a.books,
  )
  author!: Relation<Writer>;
}

@Table("people")
class Resident {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) fullname!: string;
  @Column({ length: 50 }) city!: string;
}

/** people renamed to members, and fullname to name: two columns of three carry over. */
@Table("members")
class Member {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) name!: string;
  @Column({ length: 50 }) city!: string;
}

/** A new table that shares only `id` and `title` with books: not a rename of it. */
@Table("notes")
class Note {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) title!: string;
}

const PEOPLE = [
  { fullname: "Ada Lovelace", age: 36 },
  { fullname: "Grace Hopper", age: null },
  { fullname: "Katherine Johnson", age: 101 },
];

async function rowsOf(engine: Engine, entity: EntityClass): Promise<Record<string, unknown>[]> {
  const rows = (await engine.execute(select(engine.tableOf(entity)))).all() as Record<string, unknown>[];
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

async function dropTables(engine: Engine, ...tables: string[]): Promise<void> {
  const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
  for (const t of tables) await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${q(t)}`));
}

describeEachDialect("schema sync of renames", (db) => {
  afterEach(async () => {
    await dropTables(db.engine(), "books", "authors", "writers", "people");
  });

  async function people(): Promise<Engine> {
    const old = db.engine({ entities: [PersonV1] });
    await old.createAll();
    await old.execute(insert(old.tableOf(PersonV1)).values(PEOPLE));
    return old;
  }

  it("finds a likely renamed column, and refuses the NOT NULL column it would add to rows, naming the rename", async () => {
    await people();
    const engine = db.engine({ entities: [PersonV2] });
    const error = await expectStrataError(
      planSync(engine),
      SchemaChangeRefusedError,
      "SCHEMA_CHANGE_REFUSED",
      "Cannot add NOT NULL column people.display_name without a default",
      'If it is people.fullname renamed, say so and its values are kept: renames: [{ kind: "column", table: "people", from: "fullname", to: "display_name" }] (on the command line --rename people.fullname=display_name), or keep the old name with @Column({ name: "fullname" }).',
    );
    expect(error.problems).toHaveLength(1);
  });

  it("renames a column with its values (and alters it after), and a second sync has nothing to do", async () => {
    await people();
    const engine = db.engine({ entities: [PersonV2] });
    const plan = await planSync(engine, { renames: [{ kind: "column", table: "people", from: "fullname", to: "display_name" }] });
    expect(plan.renameCandidates).toEqual([]);
    expect(plan.operations[0]).toEqual({ kind: "renameColumn", table: "people", from: "fullname", to: "display_name" });
    expect(plan.operations.slice(1).map((op) => op.kind)).toEqual([db.dialect === "sqlite" ? "rebuildTable" : "alterColumn"]);
    await applySync(engine, plan);
    expect(await rowsOf(engine, PersonV2)).toEqual(PEOPLE.map((p, i) => ({ id: i + 1, displayName: p.fullname, age: p.age })));
    expect((await planSync(engine)).statements).toEqual([]);
  });

  it("keeps the values of a renamed column through a change that rebuilds the table on SQLite", async () => {
    await people();
    const old = db.engine({ entities: [PersonV1] });
    await old.execute(insert(old.tableOf(PersonV1)).values({ fullname: "Hedy Lamarr", age: 85 }));
    // No NULL ages may be left for NOT NULL: the check of existing rows would refuse.
    await old.connect((conn) => conn.runSql("UPDATE people SET age = 0 WHERE age IS NULL"));
    const engine = db.engine({ entities: [PersonV2Rebuilt] });
    const plan = await planSync(engine, { renames: [{ kind: "column", table: "people", from: "fullname", to: "display_name" }] });
    if (db.dialect === "sqlite") {
      expect(plan.operations.map((op) => op.kind)).toEqual(["renameColumn", "rebuildTable"]);
      expect(plan.statements[0]).toBe('ALTER TABLE "people" RENAME COLUMN "fullname" TO "display_name"');
    }
    await applySync(engine, plan);
    const rows = await rowsOf(engine, PersonV2Rebuilt);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.displayName)).toEqual([...PEOPLE.map((p) => p.fullname), "Hedy Lamarr"]);
    expect(rows.map((r) => r.age)).toEqual([36, 0, 101, 85]);
    expect((await planSync(engine)).statements).toEqual([]);
  });

  it("undoes a rename with the reversed operations: the old name, the same rows", async () => {
    await people();
    const engine = db.engine({ entities: [PersonV2] });
    const before = await engine.introspect();
    const plan = await planSync(engine, { renames: [{ kind: "column", table: "people", from: "fullname", to: "display_name" }] });
    await applySync(engine, plan);
    const down = reverseOperations(plan.operations, before);
    expect(down.at(-1)).toEqual({ kind: "renameColumn", table: "people", from: "display_name", to: "fullname" });
    await runSchemaChange(engine, async (run) => {
      for (const sql of compileOperations(engine.dialect, down)) await run(sql);
    });
    const v1 = db.engine({ entities: [PersonV1] });
    expect(await rowsOf(v1, PersonV1)).toEqual(PEOPLE.map((p, i) => ({ id: i + 1, ...p })));
    expect((await planSync(v1)).statements).toEqual([]);
  });

  it("renames a table with its rows; the foreign keys that reference it follow, and still hold", async () => {
    const old = db.engine({ entities: [AuthorV1, BookV1] });
    await old.createAll();
    await old.execute(insert(old.tableOf(AuthorV1)).values([{ name: "Le Guin" }, { name: "Butler" }]));
    await old.execute(
      insert(old.tableOf(BookV1)).values([
        { title: "Lathe", author_id: 1 },
        { title: "Kindred", author_id: 2 },
      ]),
    );

    const engine = db.engine({ entities: [Writer, BookV2] });
    const guess = await planSync(engine);
    expect(guess.renameCandidates).toEqual([
      {
        kind: "table",
        from: "authors",
        to: "writers",
        description: "table authors is gone and table writers, with the same columns, is new",
      },
    ]);
    const plan = await planSync(engine, { renames: [{ kind: "table", from: "authors", to: "writers" }] });
    expect(plan.operations).toEqual([{ kind: "renameTable", from: "authors", to: "writers" }]);
    expect(plan.warnings).toEqual([]);
    await applySync(engine, plan);
    expect(await rowsOf(engine, Writer)).toEqual([
      { id: 1, name: "Le Guin" },
      { id: 2, name: "Butler" },
    ]);
    expect((await rowsOf(engine, BookV2)).map((b) => [b.title, b.author_id])).toEqual([
      ["Lathe", 1],
      ["Kindred", 2],
    ]);
    const live = await engine.introspect("books");
    expect(live?.foreignKeys.map((fk) => fk.referencedTable)).toEqual(["writers"]);
    await expect(engine.execute(insert(engine.tableOf(BookV2)).values({ title: "Orphan", author_id: 99 }))).rejects.toMatchObject({
      code: "FOREIGN_KEY_VIOLATION",
    });
    expect(await planSync(engine)).toEqual({ operations: [], statements: [], warnings: [], renameCandidates: [] });
  });

  it("asks about a table renamed with one of its columns, then about the column; a new table sharing a key and a title with a leftover one is no rename", async () => {
    await db.engine({ entities: [Resident] }).createAll();
    const engine = db.engine({ entities: [Member] });
    expect((await planSync(engine)).renameCandidates).toEqual([
      {
        kind: "table",
        from: "people",
        to: "members",
        description: "table people is gone and table members, with 2 of its 3 columns, is new",
      },
    ]);
    const renamed = await planSync(engine, { renames: [{ kind: "table", from: "people", to: "members" }] });
    expect(renamed.renameCandidates).toEqual([
      {
        kind: "column",
        table: "members",
        from: "fullname",
        to: "name",
        description: "column members.fullname (varchar(50)) is gone and members.name (varchar(50)) is new",
      },
    ]);

    await db.engine({ entities: [AuthorV1, BookV1] }).createAll();
    expect((await planSync(db.engine({ entities: [AuthorV1, Note] }))).renameCandidates).toEqual([]);
    await dropTables(db.engine(), "members", "notes");
  });

  it("refuses renames that do not fit the database and the entities, every problem at once, before anything runs", async () => {
    await people();
    const engine = db.engine({ entities: [PersonV2] });
    const error = await expectStrataError(
      planSync(engine, {
        renames: [
          { kind: "column", table: "people", from: "nickname", to: "display_name" },
          { kind: "column", table: "people", from: "fullname", to: "handle" },
          { kind: "table", from: "humans", to: "people" },
        ],
      }),
      SchemaRenameError,
      "SCHEMA_RENAME_INVALID",
      "3 renames cannot be made, nothing was changed:",
      "Rename of table humans -> people: the database has no table humans.",
      "Rename of column people.nickname -> display_name: people has no column nickname in the database.",
      "Rename of column people.fullname -> handle: the entity of people maps no column handle.",
    );
    expect(error.problems).toHaveLength(3);
    expect(await rowsOf(db.engine({ entities: [PersonV1] }), PersonV1)).toHaveLength(3);
  });
});
