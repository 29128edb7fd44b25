import {
  and,
  between,
  type EchoEvent,
  type Engine,
  gt,
  gte,
  InvalidValueError,
  ilike,
  inArray,
  isNotNull,
  isNull,
  isRelationLoaded,
  like,
  lt,
  MultipleRowsError,
  NotFoundError,
  ne,
  not,
  notInArray,
  or,
  RelationNotLoadedError,
  Session,
  select,
  tableOf,
  UsageError,
} from "../../lib";
import { Person, Tag, Todo, taggedTodoEntities } from "../fixtures/tagged-todos";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const STATUSES = ["pending", "done", "blocked"];

describeEachDialect("session queries", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  const selects = () => statements.filter((s) => /^\s*SELECT/i.test(s.sql));

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: taggedTodoEntities }));
    await engine.createAll();
    await using session = new Session(engine);
    const tags = ["red", "green", "blue", "cyan", "gray"].map((label) => Object.assign(new Tag(), { label }));
    for (let i = 0; i < 100; i++) {
      const person = Object.assign(new Person(), {
        name: `Person ${String(i).padStart(3, "0")}`,
        age: i % 10 === 0 ? null : 20 + (i % 50),
      });
      person.todos = [0, 1, 2].map((j) =>
        Object.assign(new Todo(), {
          title: `Todo ${i}-${j}`,
          status: STATUSES[(i + j) % 3],
          priority: j,
          tags: [tags[(i + j) % 5], tags[(i + j + 1) % 5]],
        }),
      );
      session.add(person);
    }
    await session.commit();
  });

  describe("where", () => {
    it("matches values, operators and combinations", async () => {
      await using session = new Session(engine);
      expect((await session.query(Person).where({ name: "Person 007" }).all()).map((p) => p.name)).toEqual(["Person 007"]);
      expect(
        await session
          .query(Person)
          .where({ name: like("Person 00%") })
          .count(),
      ).toBe(10);
      expect(
        await session
          .query(Person)
          .where({ name: ilike("person 00%") })
          .count(),
      ).toBe(10);
      expect(await session.query(Person).where({ age: isNull() }).count()).toBe(10);
      expect(await session.query(Person).where({ age: null }).count()).toBe(10);
      expect(await session.query(Person).where({ age: isNotNull() }).count()).toBe(90);
      expect(
        await session
          .query(Person)
          .where({ age: gt(65) })
          .count(),
      ).toBe(8);
      expect(
        await session
          .query(Person)
          .where({ age: gte(69), name: lt("Person 050") })
          .count(),
      ).toBe(1);
      expect(
        await session
          .query(Person)
          .where({ age: between(21, 22) })
          .count(),
      ).toBe(4);
      expect(
        await session
          .query(Person)
          .where({ age: ne(21) })
          .count(),
      ).toBe(88);
      expect(
        await session
          .query(Person)
          .where({ name: inArray(["Person 001", "Person 002", "nobody"]) })
          .count(),
      ).toBe(2);
      expect(
        await session
          .query(Person)
          .where({ name: inArray([]) })
          .count(),
      ).toBe(0);
      expect(
        await session
          .query(Person)
          .where({ age: notInArray([21, 22]) })
          .count(),
      ).toBe(86);
      expect(
        await session
          .query(Person)
          .where({ age: not(gt(21)) })
          .count(),
      ).toBe(2);
      expect(
        await session
          .query(Person)
          .where({ name: or("Person 001", like("Person 09%")) })
          .count(),
      ).toBe(11);
      expect(
        await session
          .query(Person)
          .where(or({ name: "Person 001" }, { age: null }))
          .count(),
      ).toBe(11);
      expect(
        await session
          .query(Person)
          .where(not({ age: null }))
          .count(),
      ).toBe(90);
      expect(
        await session
          .query(Person)
          .where(and({ age: gt(60) }, { age: lt(63) }))
          .count(),
      ).toBe(4);
      // Several where() calls all apply, and a Core condition fits too.
      const people = tableOf(Person);
      expect(
        await session
          .query(Person)
          .where({ age: gt(60) })
          .where(people.c.age.lt(63))
          .count(),
      ).toBe(4);
    });

    it("filters through relations of every kind", async () => {
      await using session = new Session(engine);
      const ofOne = await session
        .query(Todo)
        .where({ owner: { name: "Person 004" } })
        .orderBy({ id: "asc" })
        .all();
      expect(ofOne.map((t) => t.title)).toEqual(["Todo 4-0", "Todo 4-1", "Todo 4-2"]);
      // to-many: people with any blocked todo of priority 0
      const blockedFirst = await session
        .query(Person)
        .where({ todos: { status: "blocked", priority: 0 } })
        .count();
      expect(blockedFirst).toBe(33);
      // many-to-many, both directions, two levels deep
      expect(
        await session
          .query(Todo)
          .where({ tags: { label: "red" } })
          .count(),
      ).toBe(120);
      expect(
        await session
          .query(Tag)
          .where({ todos: { owner: { name: "Person 000" } } })
          .count(),
      ).toBe(4);
      // an object in hand, and null for "no related row"
      const person = await session.query(Person).where({ name: "Person 004" }).one();
      expect(await session.query(Todo).where({ owner: person }).count()).toBe(3);
      expect(
        await session
          .query(Person)
          .where(not({ todos: {} }))
          .count(),
      ).toBe(0);
    });

    it("refuses undefined, unknown properties and values that are not filters", async () => {
      await using session = new Session(engine);
      await expectStrataError(
        () => session.query(Person).where({ name: undefined }),
        InvalidValueError,
        "INVALID_VALUE",
        "Person.name is undefined",
        "Pass null",
      );
      await expectStrataError(
        () => session.query(Person).where({ nmae: "x" } as never),
        UsageError,
        "USAGE_ERROR",
        'Person has no column or relation "nmae"',
        "name",
      );
      await expectStrataError(
        () => session.query(Person).where({ name: ["a", "b"] } as never),
        InvalidValueError,
        "INVALID_VALUE",
        "inArray",
      );
      await expectStrataError(
        () => session.query(Todo).where({ owner: { nmae: "x" } } as never),
        UsageError,
        "USAGE_ERROR",
        "Person has no column",
      );
      await expectStrataError(
        () => session.query(Person).where({ todos: null } as never),
        InvalidValueError,
        "INVALID_VALUE",
        "collection",
      );
      await expectStrataError(
        () =>
          session
            .query(Person)
            .where({ age: "old" } as never)
            .all(),
        InvalidValueError,
        "INVALID_VALUE",
      );
      await expectStrataError(
        () => session.query(Todo).where({ owner: new Person() }),
        InvalidValueError,
        "INVALID_VALUE",
        "no primary key yet",
      );
    });
  });

  describe("results", () => {
    it("orders, pages, and returns first/one/count/exists", async () => {
      await using session = new Session(engine);
      const page = await session.query(Person).orderBy({ name: "desc" }).limit(3).offset(2).all();
      expect(page.map((p) => p.name)).toEqual(["Person 097", "Person 096", "Person 095"]);
      const byAge = await session.query(Person).where({ age: isNotNull() }).orderBy({ age: "desc" }, { name: "asc" }).first();
      expect(byAge?.name).toBe("Person 049");
      expect(await session.query(Person).where({ name: "nobody" }).first()).toBeUndefined();
      expect(
        await session
          .query(Person)
          .where({ name: like("Person 00%") })
          .exists(),
      ).toBe(true);
      expect(await session.query(Person).where({ name: "nobody" }).exists()).toBe(false);
      expect(await session.query(Person).orderBy({ name: "asc" }).limit(5).count()).toBe(5);
      await expectStrataError(session.query(Person).where({ name: "nobody" }).one(), NotFoundError, "NOT_FOUND", "first()");
      await expectStrataError(session.query(Person).one(), MultipleRowsError, "MULTIPLE_ROWS", "narrow the filter");
      await expectStrataError(() => session.query(Person).orderBy({ nmae: "asc" } as never), UsageError, "USAGE_ERROR", 'no column "nmae"');
      await expectStrataError(() => session.query(Person).limit(-1), UsageError, "USAGE_ERROR", "whole number");
    });

    it("returns the identity map's objects, keeping unflushed changes", async () => {
      await using session = new Session(engine);
      const first = await session.getOrFail(Person, 1);
      const again = await session.query(Person).where({ id: 1 }).one();
      expect(again).toBe(first);
      const found = await session.find(Person, { where: { name: first.name } });
      expect(found).toEqual([first]);
    });
  });

  describe("loading relations", () => {
    it("loads 100 people, their todos and each todo's tags in 3 queries with select-in", async () => {
      await using session = new Session(engine);
      statements.length = 0;
      const people = await session.query(Person).orderBy({ id: "asc" }).load("todos.tags").all();
      expect(selects()).toHaveLength(3);
      expect(people).toHaveLength(100);
      expect(people[4].todos.map((t) => t.title)).toEqual(["Todo 4-0", "Todo 4-1", "Todo 4-2"]);
      expect(people[4].todos[0].tags.map((t) => t.label).sort()).toEqual(["gray", "red"]);
      expect(people[4].todos[0].owner).toBe(people[4]);
      const red = people
        .flatMap((p) => p.todos)
        .flatMap((t) => t.tags)
        .filter((t) => t.label === "red");
      expect(new Set(red).size).toBe(1);
    });

    it("loads the same in 1 query when joined", async () => {
      await using session = new Session(engine);
      statements.length = 0;
      const people = await session
        .query(Person)
        .orderBy({ id: "asc" })
        .load("todos", { strategy: "joined" })
        .load("todos.tags", { strategy: "joined" })
        .all();
      expect(selects()).toHaveLength(1);
      expect(people).toHaveLength(100);
      expect(people[4].todos.map((t) => t.title)).toEqual(["Todo 4-0", "Todo 4-1", "Todo 4-2"]);
      expect(people[4].todos[0].tags.map((t) => t.label).sort()).toEqual(["gray", "red"]);
      expect(people.every((p) => p.todos.length === 3 && p.todos.every((t) => t.tags.length === 2))).toBe(true);
    });

    it("counts limit on root entities when to-many relations are joined", async () => {
      await using session = new Session(engine);
      const people = await session.query(Person).orderBy({ id: "asc" }).load("todos", { strategy: "joined" }).limit(2).offset(1).all();
      expect(people.map((p) => p.name)).toEqual(["Person 001", "Person 002"]);
      expect(people[0].todos).toHaveLength(3);
    });

    it("loads to-one relations, joined and select-in, and leaves others unloaded", async () => {
      await using session = new Session(engine);
      const todos = await session
        .query(Todo)
        .where({ priority: 0 })
        .orderBy({ id: "asc" })
        .load("owner", { strategy: "joined" })
        .limit(5)
        .all();
      expect(todos.map((t) => t.owner.name)).toEqual(["Person 000", "Person 001", "Person 002", "Person 003", "Person 004"]);
      expect(isRelationLoaded(todos[0], "tags")).toBe(false);
      expect(() => todos[0].tags).toThrow(RelationNotLoadedError);
      expect(Object.keys(todos[0])).not.toContain("tags");
      const other = await session.find(Todo, { where: { priority: 1 }, load: ["owner.todos"], limit: 2, orderBy: { id: "asc" } });
      expect(other[0].owner.todos).toHaveLength(3);
    });

    it("points every child a select-in load gives at its parent, new or already in the session, and sees no change in that", async () => {
      await using session = new Session(engine);
      const held = await session.query(Todo).where({ title: "Todo 7-1" }).one();
      expect(isRelationLoaded(held, "owner")).toBe(false);
      const people = await session
        .query(Person)
        .where({ name: like("Person 00%") })
        .orderBy({ id: "asc" })
        .load("todos")
        .all();
      const seven = people[7];
      expect(seven.name).toBe("Person 007");
      expect(seven.todos).toContain(held);
      expect(held.owner).toBe(seven);
      expect(people.every((p) => p.todos.length === 3 && p.todos.every((t) => t.owner === p))).toBe(true);

      statements.length = 0;
      await session.flush();
      expect(statements).toHaveLength(0);
      const moved = seven.todos[0];
      moved.owner = people[0];
      await session.commit();
      const updates = statements.filter((s) => /^\s*UPDATE/i.test(s.sql));
      expect(updates).toHaveLength(1);
      expect(updates[0].sql).toMatch(/owner_id/);

      await using check = new Session(engine);
      const reread = await check.query(Todo).where({ title: moved.title }).load("owner").one();
      expect(reread.owner.name).toBe("Person 000");
      reread.owner = await check.query(Person).where({ name: "Person 007" }).one();
      await check.commit();
    });

    it("loads relations of objects in hand with one query per level", async () => {
      await using session = new Session(engine);
      const people = await session
        .query(Person)
        .where({ name: like("Person 01%") })
        .all();
      statements.length = 0;
      await session.load(people, "todos.tags");
      expect(selects()).toHaveLength(2);
      expect(people.every((p) => p.todos.length === 3)).toBe(true);
      await expectStrataError(() => session.load(people, "nothing" as never), UsageError, "USAGE_ERROR", 'no relation "nothing"', "todos");
    });

    it("runs Core selects of an entity table as entities (scalars)", async () => {
      await using session = new Session(engine);
      const t = tableOf(Todo);
      const found = await session.scalars(select(t).where(t.c.title.eq("Todo 3-1")));
      expect(found).toHaveLength(1);
      expect(found[0]).toBeInstanceOf(Todo);
      expect(found[0]).toBe(await session.query(Todo).where({ title: "Todo 3-1" }).one());
      await expectStrataError(() => session.scalars(select(t.c.id)), UsageError, "USAGE_ERROR", "whole entity table");
      // A mapped class stands for its table in Core.
      const viaClass = await session.scalars(select(Todo).where(t.c.title.like("Todo 3-%")).orderBy(t.c.id.asc()));
      expect(viaClass.map((todo) => todo.title)).toEqual(["Todo 3-0", "Todo 3-1", "Todo 3-2"]);
      expect(viaClass[1]).toBe(found[0]);
      const rows = (await session.execute(select(Person).where(tableOf(Person).c.name.eq("Person 003")))).rows;
      expect(rows).toEqual([{ id: expect.any(Number), name: "Person 003", age: 23 }]);
      class Unmapped {}
      await expectStrataError(() => select(Unmapped as never), InvalidValueError, "INVALID_VALUE", "Unmapped is not mapped with @Table");
    });
  });

  describe("concurrent use of one session", () => {
    it("queries started together wait for the autoflush and see pending changes; a second flush at once is refused", async () => {
      await using session = new Session(engine);
      session.add(Object.assign(new Person(), { name: "Pending A", age: 1 }));
      session.add(Object.assign(new Person(), { name: "Pending B", age: 2 }));
      const [a, b] = await Promise.all([
        session.query(Person).where({ name: "Pending A" }).count(),
        session.query(Person).where({ name: "Pending B" }).count(),
      ]);
      expect([a, b]).toEqual([1, 1]);
      session.add(Object.assign(new Person(), { name: "Pending C", age: 3 }));
      const first = session.flush();
      await expectStrataError(session.flush(), UsageError, "USAGE_ERROR", "already running flush()", "one session per task");
      await first;
      expect(
        await session
          .query(Person)
          .where({ name: like("Pending %") })
          .count(),
      ).toBe(3);
      await session.rollback();
    });
  });

  describe("repository", () => {
    it("finds, counts, saves and removes through a session", async () => {
      await using session = new Session(engine);
      const people = session.repository(Person);
      const newcomer = await people.save(people.create({ name: "Newcomer", age: 30 }));
      expect(newcomer.id).toEqual(expect.any(Number));
      expect(await people.count({ name: "Newcomer" })).toBe(1);
      expect((await people.findOne({ where: { name: "Newcomer" } }))?.age).toBe(30);
      await people.remove(newcomer);
      expect(await people.exists({ name: "Newcomer" })).toBe(false);
      await session.rollback();
      await using other = new Session(engine);
      expect(await other.repository(Person).count({ name: "Newcomer" })).toBe(0);
    });
  });
});
