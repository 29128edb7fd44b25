import {
  count,
  defineTable,
  del,
  type Engine,
  enumOf,
  escapeLike,
  InvalidValueError,
  insert,
  integer,
  select,
  sql,
  text,
  update,
  varchar,
} from "../../lib";
import { describeEachDialect } from "../support/test-database";

/**
 * Values that look like SQL are only ever bound parameters, and identifiers
 * are always quoted: nothing a user passes becomes SQL text. Each value is
 * written and read back exactly, and the tables are still there afterwards.
 */
const notes = defineTable("notes", {
  id: integer().primaryKey({ generated: false }),
  body: text().notNull(),
  tag: varchar(200),
});

const LOOKS_LIKE_SQL: readonly string[] = [
  "'; drop table notes; --",
  "'); delete from notes; --",
  "' OR '1'='1",
  '" OR "1"="1',
  "1; select 1",
  "$1",
  "$1::text",
  "?",
  "??",
  ":name",
  "@name",
  "$name",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${1} is the point.
  "${1}",
  "\\'",
  "\\",
  "\\\\'; drop table notes; --",
  "`",
  "`notes`",
  "` OR 1=1 -- ",
  '"',
  '"notes"',
  "%",
  "_",
  "%_%",
  "$$ dollar quoted $$",
  "$tag$ body $tag$",
  "/* comment */",
  "-- comment",
  "#comment",
  "\n; select 1;\r\n",
  "\u2019 smart quote \u02bc",
  "NULL",
  "null",
  "\\x00",
  "E'\\x41'",
  "0x41",
  "X'41'",
  "\\N",
  "'",
  "''",
];

/** Names that need quoting on every database: quotes of each kind, spaces, dots, reserved words, unicode. */
const WEIRD_TABLE = `we"ird 'tab\`le.name`;
const weird = defineTable(
  WEIRD_TABLE,
  {
    id: integer().primaryKey(),
    order: varchar(50).named("order"),
    select: integer().named("select"),
    user: varchar(50).named("user"),
    quoted: text().named(`it's "quoted" \`ticked\``),
    spaced: text().named("has space.and dot"),
    unicode: text().named("ünïcødé_名前"),
    placeholders: text().named("$1 ? :name @x"),
    mood: enumOf(["it's", 'say "hi"', "back\\slash", "`tick`", "'); drop table x; --"]).named("from"),
    note: text().named("default").default("'); drop table notes; -- \\ \" `"),
  },
  { indexes: [{ columns: ["order", "select"] }, { columns: ["user"], unique: true }] },
);
const weirdChild = defineTable(`child "of" we.ird`, {
  id: integer().primaryKey(),
  parent: integer()
    .named(`parent's "id"`)
    .references(() => weird.c.id, { onDelete: "cascade" }),
  table: text().named("table"),
});
const reserved = defineTable("order", {
  select: integer().named("select").primaryKey(),
  where: text().named("where").unique(),
  group: integer().named("group").index(),
});
const unicodeTable = defineTable("表 ünïcødé", {
  id: integer().primaryKey(),
  名前: varchar(20).named("名前"),
});

describeEachDialect("injection and quoting", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([notes, weirdChild, weird, reserved, unicodeTable]);
  });

  async function noteCount(): Promise<number> {
    return (await engine.execute(select(count()).from(notes))).one().count;
  }

  describe("values that look like SQL", () => {
    LOOKS_LIKE_SQL.forEach((value, i) => {
      it(`${JSON.stringify(value)} round-trips through insert, select, where, update, delete and sql\`\``, async () => {
        const id = i + 1;
        const before = await noteCount();
        await engine.execute(insert(notes).values({ id, body: value, tag: value }));
        expect(await noteCount()).toBe(before + 1);

        const found = await engine.execute(select(notes).where(notes.c.body.eq(value)));
        expect(found.all()).toStrictEqual([{ id, body: value, tag: value }]);
        const inList = await engine.execute(select(notes.c.id).where(notes.c.tag.in([value, `${value}x`])));
        expect(inList.all()).toStrictEqual([{ id }]);

        const changed = `${value}${value}`;
        const updated = await engine.execute(update(notes).set({ body: changed }).where(notes.c.tag.eq(value)));
        expect(updated.rowCount).toBe(1);
        expect((await engine.execute(select(notes.c.body).where(notes.c.id.eq(id)))).one().body).toBe(changed);

        const raw = await engine.execute(
          sql`select ${notes.c.body} as body, ${notes.c.tag} as tag from ${notes} where ${notes.c.tag} = ${value} and ${notes.c.body} = ${changed}`,
        );
        expect(raw.all()).toStrictEqual([{ body: changed, tag: value }]);
        const echoed = await engine.execute(sql`select ${value} as echoed`);
        expect(echoed.one().echoed).toBe(value);

        const deleted = await engine.execute(del(notes).where(notes.c.body.eq(changed)));
        expect(deleted.rowCount).toBe(1);
        expect(await noteCount()).toBe(before);
      });
    });

    it("many such values in one multi-row insert, then all read back in order", async () => {
      const rows = LOOKS_LIKE_SQL.map((value, i) => ({ id: 1000 + i, body: value, tag: value }));
      await engine.execute(insert(notes).values(rows));
      const back = await engine.execute(select(notes).where(notes.c.id.gte(1000)).orderBy(notes.c.id));
      expect(back.all()).toStrictEqual(rows);
      await engine.execute(del(notes).where(notes.c.id.gte(1000)));
    });

    it("the table survived every attempt", async () => {
      expect(await noteCount()).toBe(0);
      await engine.execute(insert(notes).values({ id: 1, body: "still here" }));
      expect(await noteCount()).toBe(1);
      await engine.execute(del(notes));
    });
  });

  describe("LIKE patterns with % and _", () => {
    const texts = ["100%", "100_", "1000", "100x", "a\\b", "a\\\\b", "ab", "50% off_sale"];

    beforeAll(async () => {
      await engine.execute(insert(notes).values(texts.map((body, i) => ({ id: 2000 + i, body }))));
    });

    afterAll(async () => {
      await engine.execute(del(notes).where(notes.c.id.gte(2000)));
    });

    async function matching(condition: ReturnType<typeof notes.c.body.like>): Promise<string[]> {
      const rows = await engine.execute(select(notes.c.body).where(notes.c.id.gte(2000)).where(condition).orderBy(notes.c.id));
      return rows.all().map((r) => r.body);
    }

    it("% and _ in a pattern are wildcards", async () => {
      expect(await matching(notes.c.body.like("100%"))).toEqual(["100%", "100_", "1000", "100x"]);
      expect(await matching(notes.c.body.like("100_"))).toEqual(["100%", "100_", "1000", "100x"]);
    });

    it("escapeLike() makes a pattern match its text literally, on every database", async () => {
      expect(escapeLike("100%")).toBe("100\\%");
      expect(await matching(notes.c.body.like(escapeLike("100%")))).toEqual(["100%"]);
      expect(await matching(notes.c.body.like(escapeLike("100_")))).toEqual(["100_"]);
      expect(await matching(notes.c.body.like(`${escapeLike("50%")}%`))).toEqual(["50% off_sale"]);
      expect(await matching(notes.c.body.like(`%${escapeLike("_")}%`))).toEqual(["100_", "50% off_sale"]);
      expect(await matching(notes.c.body.like(escapeLike("a\\b")))).toEqual(["a\\b"]);
      expect(await matching(notes.c.body.like(escapeLike("a\\\\b")))).toEqual(["a\\\\b"]);
      expect(await matching(notes.c.body.ilike(escapeLike("100%")))).toEqual(["100%"]);
      expect(await matching(notes.c.body.notLike(`%${escapeLike("%")}%`))).toEqual(["100_", "1000", "100x", "a\\b", "a\\\\b", "ab"]);
    });

    it("values with % and _ round-trip, and equality does not treat them as wildcards", async () => {
      expect(await matching(notes.c.body.eq("100%"))).toEqual(["100%"]);
      expect(await matching(notes.c.body.eq("100_"))).toEqual(["100_"]);
      const raw = await engine.execute(
        sql`select ${notes.c.body} as body from ${notes} where ${notes.c.body} like ${"100\\_"} escape '\\'`,
      );
      expect(raw.all()).toEqual([{ body: "100_" }]);
    });
  });

  describe("identifiers that need quoting", () => {
    it("createAll made the tables with their exact names (and running it again changes nothing)", async () => {
      const names = (await engine.execute(sql.unsafe(engine.dialect.ddl.tableNamesQuery))).all().map((r) => String(Object.values(r)[0]));
      expect(names.sort()).toEqual([WEIRD_TABLE, `child "of" we.ird`, "notes", "order", "表 ünïcødé"].sort());
      await engine.createAll([notes, weirdChild, weird, reserved, unicodeTable]);
    });

    it("insert, select, update and delete work on quoted, reserved and unicode names", async () => {
      const row = {
        order: "first",
        select: 1,
        user: "root",
        quoted: "q",
        spaced: "s",
        unicode: "ü",
        placeholders: "$1 ? :name",
        mood: "it's" as const,
      };
      await engine.execute(insert(weird).values(row));
      await engine.execute(insert(weird).values({ ...row, user: "other", select: 2, mood: "'); drop table x; --" }));
      const all = await engine.execute(select(weird).orderBy(weird.c.select));
      expect(all.all()).toStrictEqual([
        { id: 1, ...row, note: "'); drop table notes; -- \\ \" `" },
        { id: 2, ...row, user: "other", select: 2, mood: "'); drop table x; --", note: "'); drop table notes; -- \\ \" `" },
      ]);

      const byReserved = await engine.execute(
        select(weird.c.id, weird.c.order, weird.c.quoted).where(weird.c.order.eq("first")).where(weird.c.select.gt(1)),
      );
      expect(byReserved.all()).toStrictEqual([{ id: 2, order: "first", quoted: "q" }]);

      for (const mood of ['say "hi"', "back\\slash", "`tick`"] as const) {
        const set = await engine.execute(update(weird).set({ mood, spaced: mood }).where(weird.c.user.eq("root")));
        expect(set.rowCount).toBe(1);
        const back = await engine.execute(select(weird.c.mood, weird.c.spaced).where(weird.c.id.eq(1)));
        expect(back.one()).toStrictEqual({ mood, spaced: mood });
      }

      await engine.execute(insert(weirdChild).values({ parent: 1, table: "child" }));
      const joined = await engine.execute(
        select(weird.c.user, weirdChild.c.table).from(weirdChild).join(weird, weirdChild.c.parent.eq(weird.c.id)),
      );
      expect(joined.all()).toStrictEqual([{ user: "root", table: "child" }]);

      // A self-join under an alias that needs quoting too.
      const other = weird.as(`o"th'er\`s`);
      const pairs = await engine.execute(
        select(weird.c.id, other.c.user.as("otherUser"))
          .join(other, other.c.order.eq(weird.c.order))
          .where(weird.c.id.ne(other.c.id))
          .orderBy(weird.c.id),
      );
      expect(pairs.all()).toStrictEqual([
        { id: 1, otherUser: "other" },
        { id: 2, otherUser: "root" },
      ]);

      const raw = await engine.execute(
        sql`select ${weird.c.order}, ${weird.c.select}, ${weird.c.unicode}, ${sql.identifier("has space.and dot")} from ${weird} where ${weird.c.user} = ${"root"}`,
      );
      expect(raw.all()).toStrictEqual([{ order: "first", select: 1, ünïcødé_名前: "ü", "has space.and dot": "`tick`" }]);

      // The FK (named after both odd names) cascades.
      expect((await engine.execute(del(weird).where(weird.c.user.eq("root")))).rowCount).toBe(1);
      expect((await engine.execute(select(count()).from(weirdChild))).one().count).toBe(0);
      expect((await engine.execute(select(weird.c.user).from(weird))).all()).toStrictEqual([{ user: "other" }]);
    });

    it("the unique index over a quoted name is enforced", async () => {
      await expect(engine.execute(insert(weird).values({ user: "other", order: "x", mood: "it's" }))).rejects.toMatchObject({
        code: "UNIQUE_VIOLATION",
      });
    });

    it("a table named order with columns select, where and group", async () => {
      await engine.execute(
        insert(reserved).values([
          { select: 1, where: "a", group: 10 },
          { select: 2, where: "b", group: 10 },
        ]),
      );
      await engine.execute(update(reserved).set({ group: 20 }).where(reserved.c.where.eq("b")));
      const rows = await engine.execute(
        select(reserved)
          .where(reserved.c.group.in([10, 20]))
          .orderBy(reserved.c.select.desc()),
      );
      expect(rows.all()).toStrictEqual([
        { select: 2, where: "b", group: 20 },
        { select: 1, where: "a", group: 10 },
      ]);
      expect((await engine.execute(del(reserved).where(reserved.c.select.eq(1)))).rowCount).toBe(1);
      await expect(engine.execute(insert(reserved).values({ select: 3, where: "b" }))).rejects.toMatchObject({ code: "UNIQUE_VIOLATION" });
    });

    it("unicode table and column names", async () => {
      await engine.execute(insert(unicodeTable).values({ 名前: "太郎 😀" }));
      const rows = await engine.execute(select(unicodeTable).where(unicodeTable.c.名前.like("太郎%")));
      expect(rows.all()).toStrictEqual([{ id: 1, 名前: "太郎 😀" }]);
      await engine.execute(update(unicodeTable).set({ 名前: "花子" }));
      expect((await engine.execute(sql`select * from ${unicodeTable}`)).all()).toStrictEqual([{ id: 1, 名前: "花子" }]);
    });

    it("an identifier from user input goes through sql.identifier(), quoted, never spliced", async () => {
      const hostile = `notes"; drop table notes; --`;
      await expect(engine.execute(sql`select * from ${sql.identifier(hostile)}`)).rejects.toMatchObject({ code: expect.any(String) });
      expect(await noteCount()).toBe(0);
    });

    it("an object shaped like a table, from user input, is a value (refused), not an identifier", async () => {
      const userInput = JSON.parse('{"name": "notes", "c": {}}');
      await expect(engine.execute(sql`select * from ${notes} where ${notes.c.body} = ${userInput}`)).rejects.toBeInstanceOf(
        InvalidValueError,
      );
    });

    it("dropAll removes them all, dependents first", async () => {
      await engine.dropAll([weird, reserved, unicodeTable, weirdChild, notes]);
      const names = (await engine.execute(sql.unsafe(engine.dialect.ddl.tableNamesQuery))).all();
      expect(names).toEqual([]);
    });
  });
});
