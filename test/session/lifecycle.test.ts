import { type Engine, Session, UsageError } from "../../lib";
import { Course, Student } from "../fixtures/seed-models";
import { Person, taggedTodoEntities } from "../fixtures/tagged-todos";
import { expectStrataError } from "../support/assertions";
import { tableNames as catalogTables } from "../support/catalog";
import { describeEachDialect } from "../support/test-database";

describeEachDialect("session and engine lifecycle", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ entities: taggedTodoEntities });
    await engine.createAll();
    await engine.transaction(async (s) => {
      s.addAll(["A", "B"].map((name) => Object.assign(new Person(), { name, age: null })));
    });
  });

  it("two queries started together on a fresh session share one transaction", async () => {
    const session = new Session(engine);
    const [a, b] = await Promise.all([session.query(Person).where({ name: "A" }).one(), session.query(Person).where({ name: "B" }).one()]);
    expect([a.name, b.name]).toEqual(["A", "B"]);
    await session.close();
    // Had the second query opened a connection of its own, it would still be held (SQLite: this would wait forever).
    await using next = new Session(engine);
    expect(await next.query(Person).count()).toBe(2);
  });

  it("closing waits for work still running, such as a query returned from an await using block", async () => {
    const names = async () => {
      await using session = new Session(engine);
      return session.query(Person).orderBy({ name: "asc" }).all();
    };
    expect((await names()).map((p) => p.name)).toEqual(["A", "B"]);
    await using next = new Session(engine);
    expect(await next.query(Person).count()).toBe(2);
  });

  it("engine.dispose() takes back connections a session still holds instead of waiting for them", async () => {
    const own = db.engine({ entities: taggedTodoEntities });
    const session = new Session(own);
    session.add(Object.assign(new Person(), { name: "never committed", age: 1 }));
    await session.flush();
    await own.dispose();
    await expectStrataError(session.query(Person).count(), UsageError, "USAGE_ERROR");
    await session.close();
    await using check = new Session(engine);
    expect(await check.query(Person).where({ name: "never committed" }).count()).toBe(0);
  });

  it("createAll and dropAll with entity classes include the join tables between them", async () => {
    const own = db.engine({ entities: [Student, Course] });
    try {
      await own.createAll([Student, Course]);
      expect(await catalogTables(own)).toEqual(expect.arrayContaining(["courses", "enrollments", "students"]));
      await own.transaction(async (s) => {
        const student = Object.assign(new Student(), { name: "S" });
        student.courses = [Object.assign(new Course(), { title: "C" })];
        s.add(student);
      });
      await own.dropAll([Student, Course]);
      expect(await catalogTables(own)).not.toEqual(expect.arrayContaining(["enrollments"]));
      expect((await catalogTables(own)).filter((t) => ["courses", "enrollments", "students"].includes(t))).toEqual([]);
    } finally {
      await own.dispose();
    }
  });
});
