import {
  type Condition,
  defineTable,
  type Engine,
  Expression,
  InvalidStatementError,
  InvalidValueError,
  insert,
  integer,
  json,
  Session,
  SqlFragment,
  select,
  sql,
  tableOf,
  text,
  UsageError,
  update,
  varchar,
} from "../../lib";
import type { ExprNode, SelectNode, StatementNode } from "../../lib/sql";
import { RecordingMigrationBuilder } from "../../migrations/migration-builder";
import { Note } from "../fixtures/notes/note";
import { Person, Tag, Todo } from "../fixtures/tagged-todos";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

/**
 * Hostile input on every public entry point that takes objects: JSON from a
 * request (`JSON.parse(req.query.sort)`) must never become SQL. Each test
 * checks the typed error and that the database is untouched: the canary
 * table still holds its rows, read back.
 */
const canary = defineTable("canary", {
  id: integer().primaryKey({ generated: false }),
  secret: varchar(100).notNull(),
});
const docs = defineTable("docs", {
  id: integer().primaryKey(),
  title: text().notNull(),
  data: json<unknown>(),
});
const CANARY_ROWS = [
  { id: 1, secret: "alpha" },
  { id: 2, secret: "bravo" },
  { id: 3, secret: "charlie" },
];

/** SQL that runs on every database: on the old code, orderBy() spliced it in and ran it (a blind-injection oracle). */
const ORACLE = "(select count(*) from canary)";
const DESTRUCTIVE = "1; delete from canary; --";

/** A request's sort parameter shaped like the internal ordering node (the knex/TypeORM class of flaw). */
const nodeOrdering = (text: string) => JSON.parse(JSON.stringify({ expr: { kind: "unsafe", text }, direction: "asc" }));

describeEachDialect("hostile input", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ entities: [Person, Todo, Tag, Note] });
    await engine.createAll();
    await engine.createAll([canary, docs]);
    await engine.execute(insert(canary).values(CANARY_ROWS));
    await using session = new Session(engine);
    for (const name of ["Ada", "Bea", "Cy"]) {
      const person = Object.assign(new Person(), { name, age: name.length * 10 });
      person.todos = [Object.assign(new Todo(), { title: `${name}'s todo` })];
      session.add(person);
    }
    await session.commit();
    Note.useEngine(engine);
  });

  /** The canary table is there with exactly its rows. */
  async function expectUntouched(): Promise<void> {
    const rows = await engine.execute(select(canary).orderBy(canary.c.id));
    expect(rows.all()).toStrictEqual(CANARY_ROWS);
    const people = await engine.execute(select(tableOf(Person)).orderBy(tableOf(Person).c.id));
    expect(people.all().map((p) => p.name)).toEqual(["Ada", "Bea", "Cy"]);
  }

  /** Run `fn` in a session that is closed before the canary is read (SQLite has one connection, which an open session holds). */
  async function withSession(fn: (session: Session) => Promise<void>): Promise<void> {
    await using session = new Session(engine);
    await fn(session);
  }

  /** A statement from a tree built by hand: what the compiler must check, whatever API let the tree through. */
  function rawStatement(node: StatementNode) {
    return { toStatementNode: () => node };
  }

  function canarySelect(patch: Partial<SelectNode>): SelectNode {
    return { ...select(canary).toSelectNode(), ...patch };
  }

  describe("Core select().orderBy()", () => {
    it("refuses an object shaped like an ordering node", async () => {
      for (const payload of [nodeOrdering(ORACLE), nodeOrdering(DESTRUCTIVE)]) {
        await expectStrataError(
          () => engine.execute(select(canary).orderBy(payload)),
          InvalidValueError,
          "INVALID_VALUE",
          "orderBy() takes orderings such as users.c.name.desc()",
          "got a plain object",
        );
      }
      await expectUntouched();
    });

    it("refuses strings, numbers, arrays, null and objects that are not Strata's", async () => {
      const given: [unknown, string][] = [
        [`id; ${DESTRUCTIVE}`, `got "id; ${DESTRUCTIVE}"`],
        ["id", 'got "id"'],
        [1, "got 1"],
        [[canary.c.id.desc()], "got an array of 1"],
        [null, "got null"],
        [new Date(0), "got Date"],
        [Object.create({ expr: canary.c.id.node, direction: "asc" }), "got an object"],
      ];
      for (const [item, described] of given) {
        await expectStrataError(
          () => engine.execute(select(canary).orderBy(item as never)),
          InvalidValueError,
          "INVALID_VALUE",
          "orderBy() takes orderings",
          described,
        );
      }
      await expectUntouched();
    });

    it("keeps taking orderings and expressions", async () => {
      const desc = await engine.execute(select(canary.c.secret).orderBy(canary.c.secret.desc()));
      expect(desc.all().map((r) => r.secret)).toEqual(["charlie", "bravo", "alpha"]);
      const asc = await engine.execute(select(canary.c.id).orderBy(canary.c.secret));
      expect(asc.all().map((r) => r.id)).toEqual([1, 2, 3]);
      const raw = await engine.execute(select(canary.c.id).orderBy(sql`${canary.c.id}`.desc(), canary.c.secret.asc()));
      expect(raw.all().map((r) => r.id)).toEqual([3, 2, 1]);
    });

    it("groupBy() takes expressions only", async () => {
      await expectStrataError(
        () => engine.execute(select(canary.c.secret).groupBy(JSON.parse(`{"node":{"kind":"unsafe","text":"${ORACLE}"}}`))),
        InvalidValueError,
        "INVALID_VALUE",
        "groupBy() takes expressions",
      );
      await expectUntouched();
    });
  });

  describe("the compiler refuses raw SQL and enumerated text it did not make", () => {
    it("an unsafe node not made by sql.unsafe(), inside a condition", async () => {
      const forged = new Expression({ kind: "unsafe", text: `1 = 1 or ${ORACLE} > 0` }) as Condition;
      await expectStrataError(
        engine.execute(select(canary).where(forged)),
        InvalidStatementError,
        "INVALID_STATEMENT",
        'raw SQL (a node of kind "unsafe") that Strata did not make',
        "sql.unsafe(text)",
      );
      await withSession(async (session) => {
        await expectStrataError(session.query(Person).where(forged).all(), InvalidStatementError, "INVALID_STATEMENT", "sql`...`");
      });
      await expectUntouched();
    });

    it("a sql`` node of the same shape as a real one, run as a statement", async () => {
      const forged = new SqlFragment({ kind: "sql", strings: ["delete from canary"], values: [] });
      await expectStrataError(engine.execute(forged), InvalidStatementError, "INVALID_STATEMENT", 'a node of kind "sql"');
      const unsafe = new SqlFragment(JSON.parse('{"kind":"unsafe","text":"delete from canary"}'));
      await expectStrataError(engine.execute(unsafe), InvalidStatementError, "INVALID_STATEMENT", 'a node of kind "unsafe"');
      await expectUntouched();
    });

    it("an order direction other than asc/desc", async () => {
      const node = canarySelect({ orderBy: [{ expr: canary.c.id.node, direction: `asc, ${ORACLE}` as "asc" }] });
      await expectStrataError(
        engine.execute(rawStatement(node)),
        InvalidStatementError,
        "INVALID_STATEMENT",
        "the order direction",
        '"asc", "desc"',
      );
      await expectUntouched();
    });

    it("comparison operators, function names, join types, logical operators and node kinds outside their sets", async () => {
      const id = canary.c.id.node;
      const one: ExprNode = { kind: "param", value: 1 };
      const forged: [ExprNode | SelectNode, string][] = [
        [canarySelect({ where: { kind: "binary", op: `= 1 or ${ORACLE} >` as "=", left: id, right: one } }), "the comparison operator"],
        [canarySelect({ where: { kind: "binary", op: "constructor" as "=", left: id, right: one } }), "the comparison operator"],
        [
          canarySelect({
            selection: [{ expr: { kind: "function", name: `${ORACLE} + abs` as "max", args: [id], distinct: false }, key: "x" }],
          }),
          "the function",
        ],
        [
          canarySelect({ where: { kind: "logical", op: "xor" as "or", items: [canary.c.id.eq(1).node, canary.c.id.eq(2).node] } }),
          "the logical operator",
        ],
        [
          canarySelect({
            joins: [{ type: "cross" as "inner", table: { kind: "table", name: "canary", alias: "c2" }, on: canary.c.id.eq(1).node }],
          }),
          "the join type",
        ],
        [canarySelect({ where: { kind: "raw", text: ORACLE } as unknown as ExprNode }), "an expression of kind"],
        [{ kind: "drop", table: "canary" } as unknown as SelectNode, "a statement of kind"],
      ];
      for (const [node, what] of forged) {
        await expectStrataError(engine.execute(rawStatement(node as SelectNode)), InvalidStatementError, "INVALID_STATEMENT", what);
      }
      await expectUntouched();
    });

    it("execute() of plain data", async () => {
      await expectStrataError(
        engine.execute(JSON.parse('{"kind":"unsafe","text":"delete from canary"}')),
        UsageError,
        "USAGE_ERROR",
        "execute() takes a statement built by select()",
      );
      await expectUntouched();
    });
  });

  describe("the sql tag", () => {
    it("refuses to be called with an array that is not a template's strings", async () => {
      const fakes: unknown[] = [
        JSON.parse('["delete from canary"]'),
        ["delete from canary"],
        Object.freeze(["delete from canary"]),
        Object.freeze(Object.assign(["delete from canary"], { raw: ["delete from canary"] })),
        "delete from canary",
      ];
      for (const strings of fakes) {
        await expectStrataError(
          () => engine.execute((sql as unknown as (s: unknown) => SqlFragment)(strings)),
          InvalidValueError,
          "INVALID_VALUE",
          "use it as a tagged template",
          "sql.unsafe(text)",
        );
      }
      await expectUntouched();
    });

    it("sql.join() and sql.unsafe() take strings only", async () => {
      await expectStrataError(
        () => sql.join([1, 2], JSON.parse('{"kind":"unsafe"}')),
        InvalidValueError,
        "INVALID_VALUE",
        "string separator",
      );
      await expectStrataError(() => sql.join(JSON.parse('{"0": 1}')), InvalidValueError, "INVALID_VALUE", "takes an array");
      await expectStrataError(
        () => sql.unsafe(JSON.parse('{"text":"delete from canary"}')),
        InvalidValueError,
        "INVALID_VALUE",
        "sql.unsafe() takes a string",
      );
      await expectUntouched();
    });

    it("binds a node-shaped value as a value (refused as a parameter), never as SQL", async () => {
      const node = JSON.parse('{"kind":"unsafe","text":"delete from canary"}');
      await expectStrataError(engine.execute(sql`select ${node} as x`), InvalidValueError, "INVALID_VALUE", "plain object");
      await expectUntouched();
    });
  });

  describe("Core insert and update values", () => {
    it("a node-shaped object for a text column is refused as a value", async () => {
      const row = JSON.parse('{"id": 10, "secret": {"kind": "unsafe", "text": "(select 1); delete from canary"}}');
      await expectStrataError(
        engine.execute(insert(canary).values(row)),
        InvalidValueError,
        "INVALID_VALUE",
        "canary.secret",
        "a plain object",
      );
      await expectStrataError(engine.execute(insert(canary).values([row])), InvalidValueError, "INVALID_VALUE", "canary.secret");
      await expectStrataError(
        engine.execute(update(canary).set({ secret: row.secret }).where(canary.c.id.eq(1))),
        InvalidValueError,
        "INVALID_VALUE",
        "canary.secret",
      );
      await expectStrataError(engine.execute(select(canary).where(canary.c.secret.eq(row.secret))), InvalidValueError, "INVALID_VALUE");
      await expectStrataError(() => canary.c.id.in(JSON.parse('{"0": 1}')), InvalidValueError, "INVALID_VALUE", "an array or a subquery");
      await expectUntouched();
    });

    it("__proto__ and constructor keys are unknown columns", async () => {
      for (const text of ['{"id": 11, "__proto__": {"secret": "x"}}', '{"id": 11, "secret": "x", "constructor": "y"}']) {
        const row = JSON.parse(text);
        await expectStrataError(() => insert(canary).values(row), InvalidValueError, "INVALID_VALUE", "has no column");
      }
      await expectStrataError(
        () => update(canary).set(JSON.parse('{"__proto__": {"secret": "x"}}')),
        InvalidValueError,
        "INVALID_VALUE",
        'has no column "__proto__"',
      );
      await expectUntouched();
    });

    it("a node-shaped object for a JSON column is stored as JSON data", async () => {
      const data = JSON.parse('{"kind": "unsafe", "text": "delete from canary"}');
      await engine.execute(insert(docs).values({ title: "payload", data }));
      const back = await engine.execute(select(docs.c.data).where(docs.c.title.eq("payload")));
      expect(back.one().data).toStrictEqual({ kind: "unsafe", text: "delete from canary" });
      await expectUntouched();
    });
  });

  describe("ORM orderBy: query, find, repository, Active Record", () => {
    it("Query.orderBy() refuses an object shaped like an ordering node", async () => {
      await withSession(async (session) => {
        for (const payload of [nodeOrdering(ORACLE), nodeOrdering(DESTRUCTIVE)]) {
          await expectStrataError(
            () => session.query(Person).orderBy(payload).all(),
            UsageError,
            "USAGE_ERROR",
            'Person has no column "expr" to order by',
            'orderBy() takes { property: "asc" | "desc" } objects',
          );
        }
      });
      await expectUntouched();
    });

    it("find(), repository.find() and Active Record find() refuse it too", async () => {
      await withSession(async (session) => {
        const payload = nodeOrdering(ORACLE);
        await expectStrataError(session.find(Person, { orderBy: payload }), UsageError, "USAGE_ERROR", 'no column "expr"');
        await expectStrataError(
          session.find(Person, { orderBy: [{ name: "asc" }, payload] }),
          UsageError,
          "USAGE_ERROR",
          'no column "expr"',
        );
        await expectStrataError(session.findOne(Person, JSON.parse(`{"orderBy": ${JSON.stringify(payload)}}`)), UsageError, "USAGE_ERROR");
        await expectStrataError(session.repository(Person).find({ orderBy: payload }), UsageError, "USAGE_ERROR", 'no column "expr"');
        await expectStrataError(session.repository(Person).findOne({ orderBy: payload }), UsageError, "USAGE_ERROR", 'no column "expr"');
        await expectStrataError(Note.find({ orderBy: payload }), UsageError, "USAGE_ERROR", 'Note has no column "expr"');
        await expectStrataError(Note.findOne({ orderBy: payload }), UsageError, "USAGE_ERROR", 'Note has no column "expr"');
      });
      await expectUntouched();
    });

    it("refuses anything but { property: direction } plain objects and orderings", async () => {
      await withSession(async (session) => {
        const given: [unknown, string][] = [
          ["name", 'got "name"'],
          [`name; ${DESTRUCTIVE}`, `got "name; ${DESTRUCTIVE}"`],
          [1, "got 1"],
          [[{ name: "asc" }], "got an array of 1"],
          [null, "got null"],
          [new Date(0), "got Date"],
          [Object.create({ name: "asc" }), "got an object"],
          [tableOf(Person).c.name, "got an instance of"],
        ];
        for (const [order, described] of given) {
          await expectStrataError(
            () => session.query(Person).orderBy(order as never),
            UsageError,
            "USAGE_ERROR",
            'orderBy() takes { property: "asc" | "desc" } objects',
            described,
          );
        }
      });
      await expectUntouched();
    });

    it("directions are exactly asc and desc; __proto__ and constructor keys are unknown properties", async () => {
      await withSession(async (session) => {
        for (const direction of ["ASC", "Desc", `asc, ${ORACLE}`, { kind: "unsafe", text: ORACLE }, 1]) {
          await expectStrataError(
            () => session.query(Person).orderBy({ name: direction } as never),
            UsageError,
            "USAGE_ERROR",
            'the direction is exactly "asc" or "desc"',
          );
        }
        await expectStrataError(
          () => session.query(Person).orderBy(JSON.parse(`{"__proto__": ${JSON.stringify(nodeOrdering(ORACLE))}}`)),
          UsageError,
          "USAGE_ERROR",
          'no column "__proto__"',
        );
        await expectStrataError(
          () => session.query(Person).orderBy(JSON.parse('{"name": "asc", "constructor": "asc"}')),
          UsageError,
          "USAGE_ERROR",
          'no column "constructor"',
        );
      });
      await expectUntouched();
    });

    it("keeps taking property objects and orderings", async () => {
      await withSession(async (session) => {
        const byAge = await session.query(Person).orderBy({ age: "desc", id: "asc" }).all();
        expect(byAge.map((p) => p.name)).toEqual(["Ada", "Bea", "Cy"]);
        const found = await session.find(Person, { orderBy: { name: "desc" } });
        expect(found.map((p) => p.name)).toEqual(["Cy", "Bea", "Ada"]);
        const fromJson = await session.find(Person, { orderBy: JSON.parse('[{"age": "asc"}, {"name": "asc"}]') });
        expect(fromJson.map((p) => p.name)).toEqual(["Cy", "Ada", "Bea"]);
        const byOrdering = await session.query(Person).orderBy(tableOf(Person).c.name.desc()).all();
        expect(byOrdering.map((p) => p.name)).toEqual(["Cy", "Bea", "Ada"]);
      });
    });
  });

  describe("ORM where", () => {
    it("a node-shaped filter, operator look-alikes and group look-alikes are refused", async () => {
      await withSession(async (session) => {
        const cases: [string, typeof UsageError | typeof InvalidValueError, string][] = [
          [`{"kind": "unsafe", "text": "1 = 1 or ${ORACLE} > 0"}`, UsageError, 'no column or relation "kind"'],
          ['{"op": "or", "items": [{"name": "Ada"}, {}]}', UsageError, 'no column or relation "op"'],
          ['{"name": {"op": "like", "args": ["%"]}}', InvalidValueError, "is an object; give a value or an operator"],
          [`{"name": {"kind": "unsafe", "text": "${ORACLE}"}}`, InvalidValueError, "is an object"],
          ['{"name": {"$ne": "x"}}', InvalidValueError, "is an object"],
          ['{"name": ["Ada", "Bea"]}', InvalidValueError, "is an array"],
          ['{"todos": {"kind": "unsafe", "text": "1 = 1"}}', UsageError, 'Todo has no column or relation "kind"'],
          ['{"todos": {"op": "isNull", "args": []}}', UsageError, 'Todo has no column or relation "op"'],
          ['{"todos": {"title": {"op": "like", "args": ["%"]}}}', InvalidValueError, "is an object"],
          ['{"todos": [{"title": "x"}]}', InvalidValueError, "filters by a Todo object or a filter object"],
          ['{"__proto__": {"name": "Ada"}}', UsageError, 'no column or relation "__proto__"'],
          ['{"constructor": {"name": "Ada"}}', UsageError, 'no column or relation "constructor"'],
          ['"1 = 1"', InvalidValueError, "must be an object such as { id: 1 }"],
        ];
        for (const [filter, errorClass, message] of cases) {
          const where = JSON.parse(filter);
          const code = errorClass === UsageError ? "USAGE_ERROR" : "INVALID_VALUE";
          await expectStrataError(() => session.query(Person).where(where).all(), errorClass, code, message);
          await expectStrataError(session.find(Person, { where }), errorClass, code, message);
          await expectStrataError(session.repository(Person).count(where), errorClass, code, message);
          await expectStrataError(session.repository(Person).exists(where), errorClass, code, message);
        }
      });
      await expectUntouched();
    });
  });

  describe("find options", () => {
    it("limit and offset take whole numbers, 0 or more", async () => {
      await withSession(async (session) => {
        const bad: [string, string][] = [
          ['{"limit": "1; delete from canary"}', "limit() takes a whole number"],
          ['{"limit": -1}', "got -1"],
          ['{"limit": 1e300}', "limit() takes a whole number"],
          ['{"limit": 1.5}', "got 1.5"],
          ['{"offset": {"toString": "x", "valueOf": "y"}}', "offset() takes a whole number of rows, 0 or more; got a plain object"],
          ['{"offset": [1]}', "got an array of 1"],
        ];
        for (const [options, message] of bad) {
          await expectStrataError(session.find(Person, JSON.parse(options)), UsageError, "USAGE_ERROR", message);
        }
      });
      await expectUntouched();
    });

    it("load takes an array of relation paths", async () => {
      await withSession(async (session) => {
        const bad: [string, string][] = [
          ['{"load": "todos"}', "load option takes an array of relation paths"],
          ['{"load": ["todos", {"strategy": "joined"}]}', "load option takes an array of relation paths"],
          ['{"load": ["todos", {"kind": "unsafe", "text": "1"}]}', "load option takes an array of relation paths"],
          ['{"load": {"0": "todos", "length": 1}}', "load option takes an array of relation paths"],
          ['{"load": ["__proto__"]}', 'Person has no relation "__proto__"'],
          ['{"load": ["todos.constructor"]}', 'Todo has no relation "constructor"'],
        ];
        for (const [options, message] of bad) {
          await expectStrataError(session.find(Person, JSON.parse(options)), UsageError, "USAGE_ERROR", message);
        }
        const [ada] = await session.find(Person, { where: { name: "Ada" } });
        await expectStrataError(() => session.load(ada, "__proto__" as never), UsageError, "USAGE_ERROR", 'no relation "__proto__"');
        await expectStrataError(
          () => session.load(ada, JSON.parse('{"kind":"unsafe"}')),
          UsageError,
          "USAGE_ERROR",
          "load() takes relation paths",
        );
      });
      await expectUntouched();
    });

    it("options are an object of known, own keys", async () => {
      await withSession(async (session) => {
        const bad: [unknown, string][] = [
          [JSON.parse('{"__proto__": {"where": {"name": "Ada"}}}'), 'no option "__proto__"'],
          [JSON.parse('{"constructor": {}}'), 'no option "constructor"'],
          [JSON.parse('[{"where": {"name": "Ada"}}]'), "got an array of 1"],
          [JSON.parse('"where name = 1"'), "find() takes options"],
        ];
        for (const [options, message] of bad) {
          await expectStrataError(session.find(Person, options as never), UsageError, "USAGE_ERROR", message);
        }
        const inherited = Object.create({ where: { name: "Ada" }, limit: 1 });
        expect((await session.find(Person, inherited)).map((p) => p.name).sort()).toEqual(["Ada", "Bea", "Cy"]);
      });
      await expectUntouched();
    });
  });

  describe("get() by key", () => {
    it("a key that is not a value of the key column is refused", async () => {
      await withSession(async (session) => {
        const bad = [
          JSON.parse(`{"id": {"kind": "unsafe", "text": "${ORACLE}"}}`),
          "1 OR 1=1",
          JSON.parse('{"__proto__": {"id": 1}}'),
          JSON.parse('{"kind": "unsafe", "text": "1"}'),
          [1],
        ];
        for (const id of bad) {
          await expectStrataError(session.get(Person, id), InvalidValueError, "INVALID_VALUE", "Person");
          await expectStrataError(session.repository(Person).get(id), InvalidValueError, "INVALID_VALUE", "Person");
        }
        expect((await session.get(Person, JSON.parse('{"id": 1}')))?.name).toBe("Ada");
      });
      await expectUntouched();
    });
  });

  describe("creating entities from request data", () => {
    it("repository.create() copies mapped properties only", async () => {
      await withSession(async (session) => {
        const people = session.repository(Person);
        const made = people.create(
          JSON.parse('{"name": "Dee", "age": 40, "__proto__": {"name": "x"}, "constructor": "y", "isAdmin": true}'),
        );
        expect(made).toBeInstanceOf(Person);
        expect(Object.getPrototypeOf(made)).toBe(Person.prototype);
        expect(Object.keys(made).filter((k) => made[k as keyof Person] !== undefined)).toEqual(["name", "age"]);
        await people.save(made);
        await session.commit();
        const back = await engine.execute(select(tableOf(Person)).where(tableOf(Person).c.id.eq(made.id)));
        expect(back.one()).toStrictEqual({ id: made.id, name: "Dee", age: 40 });
        await people.remove(made);
        await session.commit();
        await expectStrataError(
          () => people.create(JSON.parse('"name"')),
          InvalidValueError,
          "INVALID_VALUE",
          "takes an object of property values",
        );
      });
      await expectUntouched();
    });

    it("a node-shaped value in an entity property is refused when flushed", async () => {
      const note = Note.create(JSON.parse(`{"text": {"kind": "unsafe", "text": "${ORACLE}"}}`));
      await expectStrataError(note.save(), InvalidValueError, "INVALID_VALUE", "notes.text");
      expect(await Note.count()).toBe(0);
      await expectUntouched();
    });
  });

  describe("migration builder", () => {
    it("quotes every table, column, index and constraint name", async () => {
      const name = `m"; delete from canary; --`;
      const builder = new RecordingMigrationBuilder(engine.dialect);
      builder.createTable({
        name,
        columns: [
          { name: "id", type: { kind: "integer" }, nullable: false, autoIncrement: false },
          { name: `c'); delete from canary; --`, type: { kind: "varchar", length: 20 }, nullable: true, autoIncrement: false },
        ],
        primaryKey: ["id"],
        foreignKeys: [],
        uniques: [{ name: `u"; delete from canary; --`, columns: [`c'); delete from canary; --`] }],
        indexes: [],
      });
      builder.createIndex(name, { name: `ix\`; delete from canary; --`, columns: ["id", `c'); delete from canary; --`], unique: false });
      await engine.connect(async (conn) => {
        for (const statement of builder.statements()) await conn.runSql(statement);
      });
      const made = defineTable(name, {
        id: integer().primaryKey({ generated: false }),
        c: varchar(20).named(`c'); delete from canary; --`),
      });
      await engine.execute(insert(made).values({ id: 1, c: "kept" }));
      expect((await engine.execute(select(made))).all()).toStrictEqual([{ id: 1, c: "kept" }]);
      await engine.dropAll([made]);
      await expectUntouched();
    });
  });
});
