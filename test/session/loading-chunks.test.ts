import { type EchoEvent, type Engine, RelationNotLoadedError, Session } from "../../lib";
import { Person, Todo, taggedTodoEntities } from "../fixtures/tagged-todos";
import { describeEachDialect } from "../support/test-database";

/** More parents than one IN list takes (5,000 keys): loading spans two queries and must still give every parent its own children. */
const PEOPLE = 5_003;

describeEachDialect("select-in loading across key chunks", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: taggedTodoEntities }));
    await engine.createAll();
    await engine.transaction(async (s) => {
      for (let i = 0; i < PEOPLE; i++) {
        const person = Object.assign(new Person(), { name: `P${i}`, age: i });
        // Every third person has no todo: they must get an empty collection, not another chunk's todos.
        person.todos = i % 3 === 0 ? [] : [Object.assign(new Todo(), { title: `T${i}`, priority: i % 7 })];
        s.add(person);
      }
    });
  }, 60_000);

  it("gives every parent its children and every child its owner, in two IN queries", async () => {
    await using session = new Session(engine);
    statements.length = 0;
    const people = await session.query(Person).orderBy({ id: "asc" }).load("todos").all();
    expect(statements.filter((e) => /^SELECT/.test(e.sql))).toHaveLength(3);
    expect(people).toHaveLength(PEOPLE);
    for (const [i, person] of people.entries()) {
      expect(person.todos.map((t) => t.title)).toEqual(i % 3 === 0 ? [] : [`T${i}`]);
      for (const todo of person.todos) expect(todo.owner).toBe(person);
    }
    // A relation the loader did not set still says so.
    expect(() => people[1].todos[0].tags).toThrow(RelationNotLoadedError);
    expect(Object.keys(people[1].todos[0])).toEqual(["id", "title", "status", "priority", "owner"]);
  });
});
