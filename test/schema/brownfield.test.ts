import {
  Column,
  type Engine,
  type EntityClass,
  insert,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  type Relation,
  select,
  Table,
} from "../../lib";
import { applySync, planSync, SchemaChangeRefusedError } from "../../lib/schema";
import { MUSIC_STORE, MUSIC_STORE_TABLES } from "../fixtures/music-store/schema";
import { expectStrataError } from "../support/assertions";
import type { TestDialect } from "../support/servers";
import { describeEachDialect } from "../support/test-database";

// The mapping a team writes for it by hand: explicit names, the actions the schema has, no precision.

@Table("Artist")
class Artist {
  @PrimaryKey({ name: "ArtistId" }) id!: number;
  @Column({ name: "Name", type: "varchar", length: 120, nullable: true }) name!: string | null;
  @OneToMany(
    () => Album,
    (a) => a.artist,
  )
  albums!: Relation<Album>[];
}

@Table("Album")
class Album {
  @PrimaryKey({ name: "AlbumId" }) id!: number;
  @Column({ name: "Title", length: 160 }) title!: string;
  @ManyToOne(
    () => Artist,
    (a) => a.albums,
    { joinColumn: "ArtistId", onDelete: "no action", onUpdate: "no action" },
  )
  artist!: Relation<Artist>;
}

@Table("Employee")
class Employee {
  @PrimaryKey({ name: "EmployeeId" }) id!: number;
  @Column({ name: "LastName", length: 20 }) lastName!: string;
  @Column({ name: "HireDate", type: "datetime", nullable: true }) hireDate!: Date | null;
  @ManyToOne(() => Employee, { joinColumn: "ReportsTo", nullable: true, onDelete: "no action", onUpdate: "no action" })
  reportsTo!: Relation<Employee> | null;
}

@Table("Track")
class Track {
  @PrimaryKey({ name: "TrackId" }) id!: number;
  @Column({ name: "Name", length: 200 }) name!: string;
  @Column({ name: "UnitPrice", type: "decimal", precision: 10, scale: 2 }) unitPrice!: string;
  @ManyToOne(() => Album, { joinColumn: "AlbumId", nullable: true, onDelete: "no action", onUpdate: "no action" })
  album!: Relation<Album> | null;
}

@Table("Playlist")
class Playlist {
  @PrimaryKey({ name: "PlaylistId" }) id!: number;
  @Column({ name: "Name", type: "varchar", length: 120, nullable: true }) name!: string | null;
  @ManyToMany(() => Track, {
    joinTable: {
      name: "PlaylistTrack",
      joinColumn: "PlaylistId",
      inverseJoinColumn: "TrackId",
      onDelete: "no action",
      onUpdate: "no action",
    },
  })
  tracks!: Relation<Track>[];
}

const MAPPING: EntityClass[] = [Artist, Album, Employee, Track, Playlist];

// Variants: each differs from the schema in one way.

@Table("Employee")
class EmployeeMillis {
  @PrimaryKey({ name: "EmployeeId" }) id!: number;
  @Column({ name: "LastName", length: 20 }) lastName!: string;
  @Column({ name: "HireDate", type: "datetime", precision: 3, nullable: true }) hireDate!: Date | null;
  @ManyToOne(() => EmployeeMillis, { joinColumn: "ReportsTo", nullable: true, onDelete: "no action", onUpdate: "no action" })
  reportsTo!: Relation<EmployeeMillis> | null;
}

@Table("Artist")
class CascadingArtist {
  @PrimaryKey({ name: "ArtistId" }) id!: number;
  @Column({ name: "Name", type: "varchar", length: 120, nullable: true }) name!: string | null;
}

@Table("Album")
class CascadingAlbum {
  @PrimaryKey({ name: "AlbumId" }) id!: number;
  @Column({ name: "Title", length: 160 }) title!: string;
  @ManyToOne(() => CascadingArtist, { joinColumn: "ArtistId", onDelete: "cascade", onUpdate: "no action" })
  artist!: Relation<CascadingArtist>;
}

const NOTHING = { operations: [], statements: [], warnings: [], renameCandidates: [] };

async function createMusicStore(engine: Engine, dialect: TestDialect): Promise<void> {
  await engine.connect(async (conn) => {
    for (const sql of MUSIC_STORE[dialect]) await conn.runSql(sql);
    await conn.runSql(`INSERT INTO ${engine.dialect.compiler.quoteIdentifier("Artist")} VALUES (1, 'AC/DC'), (2, 'Accept')`);
    const album = engine.dialect.compiler.quoteIdentifier("Album");
    await conn.runSql(
      `INSERT INTO ${album} VALUES (1, 'For Those About To Rock', 1), (2, 'Balls to the Wall', 2), (3, 'Restless and Wild', 2)`,
    );
  });
}

async function dropMusicStore(engine: Engine): Promise<void> {
  const q = engine.dialect.compiler.quoteIdentifier.bind(engine.dialect.compiler);
  for (const t of MUSIC_STORE_TABLES) await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${q(t)}`));
}

async function count(engine: Engine, table: string): Promise<number> {
  const q = engine.dialect.compiler.quoteIdentifier(table);
  return engine.connect(async (conn) => Number(Object.values((await conn.runSql(`SELECT COUNT(*) AS n FROM ${q}`)).rows[0])[0]));
}

describeEachDialect("schema sync of a schema written by hand", (db) => {
  beforeEach(async () => {
    await createMusicStore(db.engine(), db.dialect);
  });
  afterEach(async () => {
    await dropMusicStore(db.engine());
  });

  it("a mapping that matches it plans nothing: no rebuild, no narrowed timestamp, no second foreign key, no warning", async () => {
    expect(await planSync(db.engine({ entities: MAPPING }))).toEqual(NOTHING);
  });

  it("reads datetime precision back, and compares it only where the mapping states one", async () => {
    const hireDate = (await db.engine().introspect("Employee"))?.columns.find((c) => c.name === "HireDate");
    const precision: Record<TestDialect, number | undefined> = { sqlite: undefined, postgres: 6, mysql: 0 };
    expect(hireDate?.type).toEqual(
      precision[db.dialect] === undefined
        ? { kind: "datetime" }
        : { kind: db.dialect === "mysql" ? "timestamptz" : "datetime", precision: precision[db.dialect] },
    );

    const engine = db.engine({ entities: [Artist, Album, EmployeeMillis, Track, Playlist] });
    const plan = await planSync(engine);
    if (db.dialect === "sqlite") {
      // SQLite keeps datetimes as text: there is no precision to differ.
      expect(plan).toEqual(NOTHING);
      return;
    }
    expect(plan.operations).toEqual([
      {
        kind: "alterColumn",
        table: "Employee",
        from: expect.objectContaining({ name: "HireDate", type: { ...hireDate?.type } }),
        to: expect.objectContaining({ name: "HireDate", type: { kind: "datetime", precision: 3 } }),
        changes: ["type"],
      },
    ]);
    await applySync(engine, plan);
    expect(await planSync(engine)).toEqual(NOTHING);
    // The mapping without a precision keeps the one the column has now.
    expect(await planSync(db.engine({ entities: MAPPING }))).toEqual(NOTHING);
  });

  it("replaces a foreign key whose action differs: one key afterwards, never a second beside it", async () => {
    const engine = db.engine({ entities: [CascadingArtist, CascadingAlbum] });
    const plan = await planSync(engine, { ignoreTables: ["Employee", "Track", "Playlist", "PlaylistTrack"] });
    expect(plan.warnings).toEqual([]);
    expect(plan.operations.map((op) => op.kind)).toEqual(db.dialect === "sqlite" ? ["rebuildTable"] : ["dropForeignKey", "addForeignKey"]);
    await applySync(engine, plan);
    const foreignKeys = (await engine.introspect("Album"))?.foreignKeys ?? [];
    expect(foreignKeys).toHaveLength(1);
    expect(foreignKeys[0]).toMatchObject({ columns: ["ArtistId"], referencedTable: "Artist", onDelete: "cascade" });
    // The name the database knew it by stays (SQLite's was none: the rebuild writes Strata's).
    expect(foreignKeys[0].name).toBe(db.dialect === "sqlite" ? "fk_Album_ArtistId" : "FK_AlbumArtistId");
    expect(await count(engine, "Album")).toBe(3);
    // The action holds: deleting an artist deletes its albums.
    await engine.connect((conn) =>
      conn.runSql(
        `DELETE FROM ${engine.dialect.compiler.quoteIdentifier("Artist")} WHERE ${engine.dialect.compiler.quoteIdentifier("ArtistId")} = 2`,
      ),
    );
    expect(await count(engine, "Album")).toBe(1);
    expect(await planSync(engine, { ignoreTables: ["Employee", "Track", "Playlist", "PlaylistTrack"] })).toEqual(NOTHING);
  });

  it("a join table's actions are options compared exactly: the default (cascade) replaces NO ACTION keys", async () => {
    @Table("Playlist")
    class CascadingPlaylist {
      @PrimaryKey({ name: "PlaylistId" }) id!: number;
      @Column({ name: "Name", type: "varchar", length: 120, nullable: true }) name!: string | null;
      @ManyToMany(() => Track, {
        joinTable: { name: "PlaylistTrack", joinColumn: "PlaylistId", inverseJoinColumn: "TrackId", onUpdate: "no action" },
      })
      tracks!: Relation<Track>[];
    }
    const engine = db.engine({ entities: [Artist, Album, Employee, Track, CascadingPlaylist] });
    const plan = await planSync(engine);
    expect(plan.warnings).toEqual([]);
    expect(plan.operations.map((op) => op.kind)).toEqual(
      db.dialect === "sqlite" ? ["rebuildTable"] : ["dropForeignKey", "dropForeignKey", "addForeignKey", "addForeignKey"],
    );
    await applySync(engine, plan);
    const foreignKeys = (await engine.introspect("PlaylistTrack"))?.foreignKeys ?? [];
    expect(foreignKeys.map((fk) => [fk.columns[0], fk.onDelete]).sort()).toEqual([
      ["PlaylistId", "cascade"],
      ["TrackId", "cascade"],
    ]);
    expect(await planSync(engine)).toEqual(NOTHING);
  });

  it("reads the rows it was given back through the mapping", async () => {
    const engine = db.engine({ entities: MAPPING });
    const albums = (await engine.execute(select(engine.tableOf(Album)))).all();
    expect(albums.map((a) => [a.id, a.title, a.ArtistId])).toEqual([
      [1, "For Those About To Rock", 1],
      [2, "Balls to the Wall", 2],
      [3, "Restless and Wild", 2],
    ]);
  });
});

@Table("parents")
class ParentShortCode {
  @PrimaryKey({ length: 10, generated: false }) code!: string;
  @OneToMany(
    () => ChildShortCode,
    (c) => c.parent,
  )
  children!: Relation<ChildShortCode>[];
}

@Table("children")
class ChildShortCode {
  @PrimaryKey() id!: number;
  @ManyToOne(
    () => ParentShortCode,
    (p) => p.children,
  )
  parent!: Relation<ParentShortCode>;
}

@Table("parents")
class ParentLongCode {
  @PrimaryKey({ length: 20, generated: false }) code!: string;
  @OneToMany(
    () => ChildLongCode,
    (c) => c.parent,
  )
  children!: Relation<ChildLongCode>[];
}

@Table("children")
class ChildLongCode {
  @PrimaryKey() id!: number;
  @ManyToOne(
    () => ParentLongCode,
    (p) => p.children,
  )
  parent!: Relation<ParentLongCode>;
}

@Table("memos")
class MemoV1 {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) title!: string;
}

@Table({ name: "memos", comment: "short notes" })
class MemoCommented {
  @PrimaryKey() id!: number;
  @Column({ length: 50, comment: "what it is about" }) title!: string;
}

@Table({ name: "memos", comment: "notes" })
class MemoRecommented {
  @PrimaryKey() id!: number;
  @Column({ length: 50 }) title!: string;
}

@Table("memos")
class MemoShort {
  @PrimaryKey() id!: number;
  @Column({ length: 10 }) title!: string;
}

describeEachDialect("schema sync of changes the database makes hard", (db) => {
  afterEach(async () => {
    const engine = db.engine();
    for (const t of ["children", "parents", "memos"]) await engine.connect((conn) => conn.runSql(`DROP TABLE IF EXISTS ${t}`));
  });

  it("changes the type of a key that foreign keys use on both ends (MariaDB: the keys are dropped and added back), keeping the rows and the key", async () => {
    const old = db.engine({ entities: [ParentShortCode, ChildShortCode] });
    await old.createAll();
    await old.execute(insert(old.tableOf(ParentShortCode)).values([{ code: "a" }, { code: "b" }]));
    await old.execute(insert(old.tableOf(ChildShortCode)).values([{ parent_code: "a" }, { parent_code: "b" }, { parent_code: "b" }]));

    const engine = db.engine({ entities: [ParentLongCode, ChildLongCode] });
    const plan = await planSync(engine);
    const kinds = plan.operations.map((op) => op.kind);
    if (db.dialect === "mysql") expect(kinds).toEqual(["dropForeignKey", "alterColumn", "alterColumn", "addForeignKey"]);
    await applySync(engine, plan);
    expect(await planSync(engine)).toEqual(NOTHING);
    expect(await count(engine, "children")).toBe(3);
    expect((await engine.introspect("children"))?.foreignKeys).toHaveLength(1);
    await engine.execute(insert(engine.tableOf(ParentLongCode)).values({ code: "twenty-characters-ok" }));
    await expect(engine.execute(insert(engine.tableOf(ChildLongCode)).values({ parent_code: "missing" }))).rejects.toMatchObject({
      code: "FOREIGN_KEY_VIOLATION",
    });
  });

  it("diffs comments where the database keeps them: set, changed and removed; SQLite has none to differ", async () => {
    const old = db.engine({ entities: [MemoV1] });
    await old.createAll();
    const comments = async () => {
      const t = await db.engine().introspect("memos");
      return [t?.comment, t?.columns.find((c) => c.name === "title")?.comment];
    };
    for (const [entity, expected] of [
      [MemoCommented, ["short notes", "what it is about"]],
      [MemoRecommented, ["notes", undefined]],
      [MemoV1, [undefined, undefined]],
    ] as const) {
      const engine = db.engine({ entities: [entity] });
      const plan = await planSync(engine);
      if (db.dialect === "sqlite") {
        expect(plan).toEqual(NOTHING);
        continue;
      }
      expect(plan.operations.length).toBeGreaterThan(0);
      await applySync(engine, plan);
      expect(await comments()).toEqual(expected);
      expect(await planSync(engine)).toEqual(NOTHING);
    }
  });

  it("refuses to shorten a varchar below values the rows hold (SQLite would keep them too long); shortens it once they fit", async () => {
    const old = db.engine({ entities: [MemoV1] });
    await old.createAll();
    await old.execute(insert(old.tableOf(MemoV1)).values([{ title: "short" }, { title: "a title of thirty characters.." }]));
    const engine = db.engine({ entities: [MemoShort] });
    await expectStrataError(
      planSync(engine),
      SchemaChangeRefusedError,
      "SCHEMA_CHANGE_REFUSED",
      "Schema change refused, nothing was changed: Cannot shorten memos.title to varchar(10): 1 row holds a value longer than that. Shorten it first, or keep the length.",
    );
    await old.connect((conn) => conn.runSql("UPDATE memos SET title = 'now short' WHERE id = 2"));
    await applySync(engine, await planSync(engine));
    expect((await engine.execute(select(engine.tableOf(MemoShort)))).all().map((r) => r.title)).toEqual(["short", "now short"]);
    expect(await planSync(engine)).toEqual(NOTHING);
  });
});
