import {
  and,
  avg,
  boolean,
  type Column,
  type Condition,
  count,
  datetime,
  decimal,
  defineTable,
  type Engine,
  exists,
  InvalidStatementError,
  InvalidValueError,
  insert,
  integer,
  lower,
  max,
  min,
  not,
  or,
  select,
  sql,
  subquery,
  sum,
  upper,
  varchar,
} from "../../lib";
import { compiled, expectStrataError, inDialect } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const users = defineTable("users", {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
  email: varchar(100),
  age: integer(),
  managerId: integer()
    .named("manager_id")
    // A self-reference needs the return type spelled out, or TypeScript cannot type `users`.
    .references((): Column<string, unknown> => users.c.id),
});

const tasks = defineTable("tasks", {
  id: integer().primaryKey(),
  ownerId: integer()
    .named("owner_id")
    .notNull()
    .references(() => users.c.id),
  title: varchar(100).notNull(),
  done: boolean().notNull(),
  points: integer(),
  price: decimal(10, 2),
  dueAt: datetime().named("due_at"),
});

const USERS = [
  { id: 1, name: "Alice", email: "alice@x.io", age: 30, managerId: null },
  { id: 2, name: "bob", email: null, age: 25, managerId: 1 },
  { id: 3, name: "Carol", email: "carol@x.io", age: null, managerId: 1 },
  { id: 4, name: "dave_x", email: "dave@x.io", age: 41, managerId: 2 },
];

const TASKS = [
  { id: 1, ownerId: 1, title: "Write spec", done: true, points: 3, price: "9.50", dueAt: new Date("2024-01-10T10:00:00.000Z") },
  { id: 2, ownerId: 1, title: "Review", done: false, points: 5, price: "10.50", dueAt: new Date("2024-03-01T08:30:00.250Z") },
  { id: 3, ownerId: 2, title: "Deploy", done: false, points: 8, price: "0.25", dueAt: new Date("2024-02-15T12:00:00.000Z") },
  { id: 4, ownerId: 3, title: "Test", done: true, points: null, price: null, dueAt: null },
];

describeEachDialect("select", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine();
    await engine.createAll([users, tasks]);
    await engine.execute(insert(users).values(USERS));
    await engine.execute(insert(tasks).values(TASKS));
  });

  async function ids(condition: Condition): Promise<number[]> {
    const rows = (await engine.execute(select(users.c.id).where(condition).orderBy(users.c.id))).all();
    return rows.map((r) => r.id);
  }

  describe("what is selected", () => {
    it("selects a whole table: every column under its key, typed", async () => {
      const statement = select(users).orderBy(users.c.id);
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "users"."id", "users"."name", "users"."email", "users"."age", "users"."manager_id" AS "managerId" FROM "users" ORDER BY "users"."id" ASC',
        ),
        params: [],
      });
      expect((await engine.execute(statement)).all()).toEqual(USERS);
    });

    it("selects chosen columns", async () => {
      const statement = select(users.c.id, users.c.name).where(users.c.id.eq(2));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = $1'),
        params: [2],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ id: 2, name: "bob" }]);
    });

    it("selects labelled expressions under their labels", async () => {
      const statement = select(
        users.c.id,
        users.c.name.as("userName"),
        upper(users.c.name).as("shout"),
        lower(users.c.name).as("quiet"),
        sql`${users.c.age} * 2`.as("doubleAge"),
      ).where(users.c.id.eq(1));
      expect(compiled(engine, statement).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."id", "users"."name" AS "userName", upper("users"."name") AS "shout", lower("users"."name") AS "quiet", "users"."age" * 2 AS "doubleAge" FROM "users" WHERE "users"."id" = $1',
        ),
      );
      expect((await engine.execute(statement)).all()).toEqual([
        { id: 1, userName: "Alice", shout: "ALICE", quiet: "alice", doubleAge: 60 },
      ]);
    });

    it("reads every column type of a row back as its JS type", async () => {
      const row = (await engine.execute(select(tasks).where(tasks.c.id.eq(2)))).one();
      expect(row).toEqual(TASKS[1]);
      expect(typeof row.done).toBe("boolean");
      expect(typeof row.price).toBe("string");
      expect(row.dueAt).toBeInstanceOf(Date);
    });

    it("selects DISTINCT values", async () => {
      const statement = select(tasks.c.ownerId).distinct().orderBy(tasks.c.ownerId);
      expect(compiled(engine, statement).sql).toBe(
        inDialect(db.dialect, 'SELECT DISTINCT "tasks"."owner_id" AS "ownerId" FROM "tasks" ORDER BY "tasks"."owner_id" ASC'),
      );
      expect((await engine.execute(statement)).all()).toEqual([{ ownerId: 1 }, { ownerId: 2 }, { ownerId: 3 }]);
      expect((await engine.execute(select(tasks.c.ownerId).orderBy(tasks.c.ownerId))).all()).toHaveLength(4);
    });
  });

  describe("where", () => {
    const cases: [string, () => Condition, number[]][] = [
      ["eq", () => users.c.name.eq("bob"), [2]],
      ["ne", () => users.c.age.ne(30), [2, 4]],
      ["gt", () => users.c.age.gt(30), [4]],
      ["gte", () => users.c.age.gte(30), [1, 4]],
      ["lt", () => users.c.age.lt(30), [2]],
      ["lte", () => users.c.age.lte(30), [1, 2]],
      ["gt against another column", () => users.c.age.gt(users.c.id), [1, 2, 4]],
      ["like (case-sensitive, as = is)", () => users.c.name.like("A%"), [1]],
      ["like does not fold case", () => users.c.name.like("a%"), []],
      ["like with _", () => users.c.name.like("b_b"), [2]],
      ["notLike", () => users.c.name.notLike("%o%"), [1, 4]],
      ["ilike folds case", () => users.c.name.ilike("a%"), [1]],
      ["ilike with upper-case pattern", () => users.c.name.ilike("%CAR%"), [3]],
      ["in", () => users.c.id.in([1, 3]), [1, 3]],
      ["in with an empty list matches nothing", () => users.c.id.in([]), []],
      ["notIn", () => users.c.id.notIn([1, 3]), [2, 4]],
      ["notIn with an empty list matches everything", () => users.c.id.notIn([]), [1, 2, 3, 4]],
      ["isNull", () => users.c.email.isNull(), [2]],
      ["isNotNull", () => users.c.email.isNotNull(), [1, 3, 4]],
      ["eq(null) is IS NULL", () => users.c.email.eq(null), [2]],
      ["ne(null) is IS NOT NULL", () => users.c.email.ne(null), [1, 3, 4]],
      ["between (inclusive)", () => users.c.age.between(25, 30), [1, 2]],
      ["and", () => and(users.c.age.gt(20), users.c.age.lt(35)), [1, 2]],
      ["or", () => or(users.c.name.eq("Alice"), users.c.age.isNull()), [1, 3]],
      ["not", () => not(users.c.name.eq("bob")), [1, 3, 4]],
      ["and skips undefined items", () => and(undefined, users.c.id.eq(2), undefined), [2]],
      ["or skips undefined items", () => or(undefined, users.c.id.eq(1), users.c.id.eq(4)), [1, 4]],
      ["and of nothing matches everything", () => and(undefined), [1, 2, 3, 4]],
      ["or of nothing matches nothing", () => or(), []],
      ["nested and/or/not", () => and(or(users.c.id.eq(1), users.c.id.eq(2)), not(users.c.email.isNull())), [1]],
    ];

    it.each(cases)("%s", async (_name, condition, expected) => {
      expect(await ids(condition())).toEqual(expected);
    });

    it("compiles nested conditions with every value bound", () => {
      const statement = select(users.c.id).where(
        and(users.c.age.between(25, 30), or(users.c.name.ilike("a%"), users.c.email.isNull()), not(users.c.id.in([3, 4]))),
      );
      const expected = {
        postgres:
          'SELECT "users"."id" FROM "users" WHERE ("users"."age" BETWEEN $1 AND $2 AND ("users"."name" ILIKE $3 OR "users"."email" IS NULL) AND NOT ("users"."id" IN ($4, $5)))',
        sqlite:
          'SELECT "users"."id" FROM "users" WHERE ("users"."age" BETWEEN ? AND ? AND (lower("users"."name") LIKE lower(?) OR "users"."email" IS NULL) AND NOT ("users"."id" IN (?, ?)))',
        mysql:
          "SELECT `users`.`id` FROM `users` WHERE (`users`.`age` BETWEEN ? AND ? AND (lower(`users`.`name`) LIKE lower(?) OR `users`.`email` IS NULL) AND NOT (`users`.`id` IN (?, ?)))",
      };
      expect(compiled(engine, statement)).toEqual({ sql: expected[db.dialect], params: [25, 30, "a%", 3, 4] });
    });

    it("combines repeated where() calls with AND", async () => {
      const rows = await engine.execute(select(users.c.id).where(users.c.age.gt(20)).where(users.c.email.isNotNull()).orderBy(users.c.id));
      expect(rows.all().map((r) => r.id)).toEqual([1, 4]);
    });

    it("keeps a half-built query unchanged when it is extended (builders are immutable)", async () => {
      const base = select(users.c.id).orderBy(users.c.id);
      const filtered = base.where(users.c.id.gt(2));
      expect((await engine.execute(base)).all()).toHaveLength(4);
      expect((await engine.execute(filtered)).all()).toEqual([{ id: 3 }, { id: 4 }]);
    });

    it("rejects undefined as a filter value, naming the column", async () => {
      await expectStrataError(
        () => users.c.name.eq(undefined as unknown as string),
        InvalidValueError,
        "INVALID_VALUE",
        "undefined",
        "users.name",
        "Pass null for SQL NULL",
      );
      await expectStrataError(() => users.c.id.in([1, undefined as unknown as number]), InvalidValueError, "INVALID_VALUE", "users.id");
      await expectStrataError(
        () => users.c.age.between(undefined as unknown as number, 3),
        InvalidValueError,
        "INVALID_VALUE",
        "users.age",
      );
      await expectStrataError(() => users.c.age.gt(undefined as unknown as number), InvalidValueError, "INVALID_VALUE", "users.age");
    });

    it("rejects where(undefined) instead of matching every row", async () => {
      await expectStrataError(
        () => select(users.c.id).where(undefined as unknown as Condition),
        InvalidValueError,
        "INVALID_VALUE",
        "where()",
        "users.c.id.eq(1)",
      );
    });

    it("rejects in() with something that is neither a list nor a subquery", async () => {
      await expectStrataError(
        () => users.c.id.in(5 as unknown as number[]),
        InvalidValueError,
        "INVALID_VALUE",
        "in()/notIn()",
        "an array or a subquery",
      );
    });

    it("rejects something that is not a condition inside and()/or()/not()", async () => {
      await expectStrataError(
        () => and(users.c.id.eq(1), true as never),
        InvalidValueError,
        "INVALID_VALUE",
        "and() takes conditions",
        "boolean",
      );
      await expectStrataError(
        () => select(users).where(or("x") as never),
        InvalidValueError,
        "INVALID_VALUE",
        "or() of entity filters or values",
      );
      await expectStrataError(() => not(undefined as never), InvalidValueError, "INVALID_VALUE", "not()");
    });

    it("rejects in(subquery) when the subquery selects more than one column", async () => {
      await expectStrataError(
        () => users.c.id.in(select(tasks.c.ownerId, tasks.c.id)),
        InvalidStatementError,
        "INVALID_STATEMENT",
        "users.id",
        "one column",
        "selects 2 (ownerId, id)",
      );
    });

    it("rejects a value the column cannot hold before the database sees it", async () => {
      const statement = select(users.c.id).where(users.c.id.eq("1" as unknown as number));
      await expectStrataError(engine.execute(statement), InvalidValueError, "INVALID_VALUE", '"1"', "users.id", "expected an integer");
    });
  });

  describe("joins", () => {
    it("inner-joins on a condition", async () => {
      const statement = select(users.c.name, tasks.c.title).join(tasks, tasks.c.ownerId.eq(users.c.id)).orderBy(tasks.c.id);
      expect(compiled(engine, statement).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."name", "tasks"."title" FROM "users" INNER JOIN "tasks" ON "tasks"."owner_id" = "users"."id" ORDER BY "tasks"."id" ASC',
        ),
      );
      expect((await engine.execute(statement)).all()).toEqual([
        { name: "Alice", title: "Write spec" },
        { name: "Alice", title: "Review" },
        { name: "bob", title: "Deploy" },
        { name: "Carol", title: "Test" },
      ]);
    });

    it("left-joins: the joined columns are NULL where nothing matched", async () => {
      const statement = select(users.c.name, tasks.c.title, tasks.c.done)
        .leftJoin(tasks, tasks.c.ownerId.eq(users.c.id))
        .where(tasks.c.id.isNull());
      expect(compiled(engine, statement).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."name", "tasks"."title", "tasks"."done" FROM "users" LEFT JOIN "tasks" ON "tasks"."owner_id" = "users"."id" WHERE "tasks"."id" IS NULL',
        ),
      );
      expect((await engine.execute(statement)).all()).toEqual([{ name: "dave_x", title: null, done: null }]);
    });

    it("counts joined rows per group, zero for a left-joined row without matches", async () => {
      const statement = select(users.c.name, count(tasks.c.id).as("tasks"))
        .leftJoin(tasks, tasks.c.ownerId.eq(users.c.id))
        .groupBy(users.c.id, users.c.name)
        .orderBy(users.c.id);
      expect((await engine.execute(statement)).all()).toEqual([
        { name: "Alice", tasks: 2 },
        { name: "bob", tasks: 1 },
        { name: "Carol", tasks: 1 },
        { name: "dave_x", tasks: 0 },
      ]);
    });

    it("self-joins through table.as(alias)", async () => {
      const manager = users.as("manager");
      const statement = select(users.c.name, manager.c.name.as("managerName"))
        .leftJoin(manager, users.c.managerId.eq(manager.c.id))
        .orderBy(users.c.id);
      expect(compiled(engine, statement).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."name", "manager"."name" AS "managerName" FROM "users" LEFT JOIN "users" AS "manager" ON "users"."manager_id" = "manager"."id" ORDER BY "users"."id" ASC',
        ),
      );
      expect((await engine.execute(statement)).all()).toEqual([
        { name: "Alice", managerName: null },
        { name: "bob", managerName: "Alice" },
        { name: "Carol", managerName: "Alice" },
        { name: "dave_x", managerName: "bob" },
      ]);
    });

    it("selects from an aliased table alone", async () => {
      const u = users.as("u");
      const statement = select(u.c.id, u.c.name).where(u.c.id.eq(3));
      expect(compiled(engine, statement).sql).toBe(
        inDialect(db.dialect, 'SELECT "u"."id", "u"."name" FROM "users" AS "u" WHERE "u"."id" = $1'),
      );
      expect((await engine.execute(statement)).all()).toEqual([{ id: 3, name: "Carol" }]);
    });

    it("rejects two selected values under the same result key, saying how to rename one", async () => {
      await expectStrataError(() => select(users, tasks), InvalidStatementError, "INVALID_STATEMENT", '"id"', '.as("otherName")');
      await expectStrataError(() => select(users.c.name, users.as("m").c.name), InvalidStatementError, "INVALID_STATEMENT", '"name"');
    });
  });

  describe("order, limit and offset", () => {
    it("orders by several columns, ascending and descending", async () => {
      const statement = select(tasks.c.id).orderBy(tasks.c.done.asc(), tasks.c.title.desc());
      expect(compiled(engine, statement).sql).toBe(
        inDialect(db.dialect, 'SELECT "tasks"."id" FROM "tasks" ORDER BY "tasks"."done" ASC, "tasks"."title" DESC'),
      );
      expect((await engine.execute(statement)).all().map((r) => r.id)).toEqual([2, 3, 1, 4]);
    });

    it("orders by an expression (ascending) and by repeated orderBy() calls", async () => {
      const statement = select(tasks.c.id).orderBy(tasks.c.ownerId.desc()).orderBy(tasks.c.id);
      expect((await engine.execute(statement)).all().map((r) => r.id)).toEqual([4, 3, 1, 2]);
    });

    it("limits and offsets with bound parameters", async () => {
      const statement = select(tasks.c.id).orderBy(tasks.c.id).limit(2).offset(1);
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(db.dialect, 'SELECT "tasks"."id" FROM "tasks" ORDER BY "tasks"."id" ASC LIMIT $1 OFFSET $2'),
        params: [2, 1],
      });
      expect((await engine.execute(statement)).all()).toEqual([{ id: 2 }, { id: 3 }]);
      expect((await engine.execute(select(tasks.c.id).orderBy(tasks.c.id).limit(0))).all()).toEqual([]);
      expect((await engine.execute(select(tasks.c.id).orderBy(tasks.c.id).limit(10))).all()).toHaveLength(4);
    });

    it("offsets without a limit", async () => {
      const statement = select(tasks.c.id).orderBy(tasks.c.id).offset(2);
      const expected = {
        postgres: 'SELECT "tasks"."id" FROM "tasks" ORDER BY "tasks"."id" ASC OFFSET $1',
        sqlite: 'SELECT "tasks"."id" FROM "tasks" ORDER BY "tasks"."id" ASC LIMIT -1 OFFSET ?',
        mysql: "SELECT `tasks`.`id` FROM `tasks` ORDER BY `tasks`.`id` ASC LIMIT 18446744073709551615 OFFSET ?",
      };
      expect(compiled(engine, statement)).toEqual({ sql: expected[db.dialect], params: [2] });
      expect((await engine.execute(statement)).all()).toEqual([{ id: 3 }, { id: 4 }]);
    });

    it("rejects a negative or fractional limit/offset", async () => {
      await expectStrataError(
        () => select(tasks.c.id).limit(-1),
        InvalidValueError,
        "INVALID_VALUE",
        "limit()",
        "non-negative integer",
        "-1",
      );
      await expectStrataError(() => select(tasks.c.id).offset(1.5), InvalidValueError, "INVALID_VALUE", "offset()", "1.5");
    });
  });

  describe("groupBy, having and aggregates", () => {
    it("groups with having and returns each aggregate as its JS type", async () => {
      const statement = select(
        tasks.c.ownerId,
        count().as("n"),
        sum(tasks.c.points).as("points"),
        sum(tasks.c.price).as("total"),
        avg(tasks.c.points).as("avgPoints"),
        avg(tasks.c.price).as("avgPrice"),
        min(tasks.c.points).as("minPoints"),
        max(tasks.c.dueAt).as("latest"),
      )
        .groupBy(tasks.c.ownerId)
        .having(count().gt(1));
      const rows = (await engine.execute(statement)).all();
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toEqual({
        ownerId: 1,
        n: 2,
        points: 8,
        total: "20.00",
        avgPoints: 4,
        avgPrice: expect.any(String),
        minPoints: 3,
        latest: new Date("2024-03-01T08:30:00.250Z"),
      });
      // Each database prints an average of decimals at its own scale; the value is exact.
      expect(Number(row.avgPrice)).toBe(10);
      expect(row.avgPrice).toMatch(/^10(\.0+)?$/);
    });

    it("compiles having with a bound value", () => {
      const statement = select(tasks.c.ownerId, count().as("n")).groupBy(tasks.c.ownerId).having(count().gt(1));
      expect(compiled(engine, statement)).toEqual({
        sql: inDialect(
          db.dialect,
          'SELECT "tasks"."owner_id" AS "ownerId", count(*) AS "n" FROM "tasks" GROUP BY "tasks"."owner_id" HAVING count(*) > $1',
        ),
        params: [1],
      });
    });

    it("gives NULL for sums and averages over no values, and a number for count", async () => {
      const rows = (
        await engine.execute(
          select(tasks.c.ownerId, count(tasks.c.points), sum(tasks.c.price), avg(tasks.c.points), max(tasks.c.dueAt))
            .groupBy(tasks.c.ownerId)
            .orderBy(tasks.c.ownerId),
        )
      ).all();
      expect(rows).toEqual([
        { ownerId: 1, count: 2, sum: "20.00", avg: 4, max: new Date("2024-03-01T08:30:00.250Z") },
        { ownerId: 2, count: 1, sum: "0.25", avg: 8, max: new Date("2024-02-15T12:00:00.000Z") },
        { ownerId: 3, count: 0, sum: null, avg: null, max: null },
      ]);
    });

    it("averages integers as a non-integral number when it has to", async () => {
      const row = (await engine.execute(select(avg(users.c.age).as("avgAge"), count(users.c.age).as("n")).from(users))).one();
      expect(row).toEqual({ avgAge: 32, n: 3 });
      const odd = (
        await engine.execute(
          select(avg(tasks.c.points).as("a"))
            .from(tasks)
            .where(tasks.c.id.in([1, 2])),
        )
      ).one();
      expect(odd.a).toBe(4);
      const frac = (
        await engine.execute(
          select(avg(tasks.c.points).as("a"))
            .from(tasks)
            .where(tasks.c.id.in([1, 3])),
        )
      ).one();
      expect(frac.a).toBe(5.5);
    });

    it("counts the whole table with count(*) as a number", async () => {
      const result = await engine.execute(select(count()).from(tasks));
      expect(result.scalar()).toBe(4);
      expect(typeof result.scalar()).toBe("number");
    });
  });

  describe("subqueries", () => {
    it("filters with in(select(...)) and notIn(select(...))", async () => {
      const doneOwners = select(tasks.c.ownerId).where(tasks.c.done.eq(true));
      expect(await ids(users.c.id.in(doneOwners))).toEqual([1, 3]);
      expect(await ids(users.c.id.notIn(doneOwners))).toEqual([2, 4]);
      expect(compiled(engine, select(users.c.id).where(users.c.id.in(doneOwners))).sql).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."id" FROM "users" WHERE "users"."id" IN (SELECT "tasks"."owner_id" AS "ownerId" FROM "tasks" WHERE "tasks"."done" = $1)',
        ),
      );
    });

    it("filters with a correlated exists(select(...))", async () => {
      const openTaskOf = select(tasks.c.id).where(and(tasks.c.ownerId.eq(users.c.id), tasks.c.done.eq(false)));
      const statement = select(users.c.id).where(exists(openTaskOf)).orderBy(users.c.id);
      const { sql: text, params } = compiled(engine, statement);
      expect(text).toBe(
        inDialect(
          db.dialect,
          'SELECT "users"."id" FROM "users" WHERE EXISTS (SELECT "tasks"."id" FROM "tasks" WHERE ("tasks"."owner_id" = "users"."id" AND "tasks"."done" = $1)) ORDER BY "users"."id" ASC',
        ),
      );
      expect(params).toHaveLength(1);
      expect((await engine.execute(statement)).all().map((r) => r.id)).toEqual([1, 2]);
      expect(await ids(not(exists(openTaskOf)))).toEqual([3, 4]);
    });

    it("selects a scalar subquery as a value, decoded as the subquery's column type", async () => {
      const taskCount = subquery(select(count()).from(tasks).where(tasks.c.ownerId.eq(users.c.id)));
      const firstDone = subquery(select(tasks.c.done).where(tasks.c.ownerId.eq(users.c.id)).orderBy(tasks.c.id).limit(1));
      const firstDue = subquery(select(min(tasks.c.dueAt)).from(tasks).where(tasks.c.ownerId.eq(users.c.id)));
      const rows = (
        await engine.execute(
          select(users.c.name, taskCount.as("taskCount"), firstDone.as("firstDone"), firstDue.as("firstDue")).orderBy(users.c.id),
        )
      ).all();
      expect(rows).toEqual([
        { name: "Alice", taskCount: 2, firstDone: true, firstDue: new Date("2024-01-10T10:00:00.000Z") },
        { name: "bob", taskCount: 1, firstDone: false, firstDue: new Date("2024-02-15T12:00:00.000Z") },
        { name: "Carol", taskCount: 1, firstDone: true, firstDue: null },
        { name: "dave_x", taskCount: 0, firstDone: null, firstDue: null },
      ]);
    });

    it("compares with an uncorrelated scalar subquery", async () => {
      expect(await ids(users.c.age.gt(subquery(select(avg(users.c.age)).from(users))))).toEqual([4]);
    });

    it("rejects a scalar subquery that selects more than one value", async () => {
      await expectStrataError(
        () => subquery(select(users.c.id, users.c.name)),
        InvalidStatementError,
        "INVALID_STATEMENT",
        "one value",
        "2",
      );
    });
  });

  describe("statements that cannot run", () => {
    it("rejects a select with no table to read from, saying to add from()", async () => {
      await expectStrataError(engine.execute(select(count())), InvalidStatementError, "INVALID_STATEMENT", "no table", ".from(table)");
      await expectStrataError(() => exists(select(count())), InvalidStatementError, "INVALID_STATEMENT", ".from(table)");
    });

    it("rejects select() of something that is not a table or expression", async () => {
      await expectStrataError(() => select("users" as never), InvalidValueError, "INVALID_VALUE", "select(users)");
    });
  });
});
