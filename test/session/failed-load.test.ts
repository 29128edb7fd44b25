import { DatabaseError, type Engine, isRelationLoaded, RelationNotLoadedError, Session, sql } from "../../lib";
import { Person, Tag, Todo, taggedTodoEntities } from "../fixtures/tagged-todos";
import { describeEachDialect } from "../support/test-database";

/*
 * A load hydrates its objects without the accessors of the relations it is
 * about to set on every one of them (a plain store is cheaper). When it fails
 * before setting them, those relations must still raise
 * RelationNotLoadedError, never read as undefined.
 */
describeEachDialect("a load that fails midway", (db) => {
  let engine: Engine;

  beforeEach(async () => {
    engine = db.engine({ entities: taggedTodoEntities });
    await engine.dropAll();
    await engine.createAll();
    await engine.transaction(async (s) => {
      const red = Object.assign(new Tag(), { label: "red" });
      for (const name of ["Ada", "Grace"]) {
        const person = Object.assign(new Person(), { name, age: 40 });
        person.todos = [1, 2].map((n) => Object.assign(new Todo(), { title: `${name} ${n}`, tags: [red] }));
        s.add(person);
      }
    });
  });

  it("leaves the roots' select-in relation unloaded when its query fails", async () => {
    await engine.dropAll([Todo, Tag]);
    await using session = new Session(engine);
    await expect(session.query(Person).load("todos").all()).rejects.toThrow(DatabaseError);
    await session.rollback();

    const people = await session.query(Person).orderBy({ name: "asc" }).all();
    expect(people.map((p) => p.name)).toEqual(["Ada", "Grace"]);
    expect(isRelationLoaded(people[0], "todos")).toBe(false);
    expect(() => people[0].todos).toThrow(RelationNotLoadedError);
    expect(Object.keys(people[0])).toEqual(["id", "name", "age"]);

    // The same objects load the relation once its table is back (created outside the session's transaction).
    await session.rollback();
    await engine.createAll();
    await session.load(people, "todos");
    expect(people.map((p) => p.todos.length)).toEqual([0, 0]);
  });

  it("leaves every level's relations unloaded when a deeper level fails", async () => {
    await engine.execute(sql`DROP TABLE todo_tags`);
    await using session = new Session(engine);
    await expect(session.query(Person).load("todos.tags").all()).rejects.toThrow(DatabaseError);
    await session.rollback();

    const people = await session.query(Person).orderBy({ name: "asc" }).all();
    const todos = await session.query(Todo).orderBy({ title: "asc" }).all();
    expect(todos.map((t) => t.title)).toEqual(["Ada 1", "Ada 2", "Grace 1", "Grace 2"]);
    expect(() => people[1].todos).toThrow(RelationNotLoadedError);
    for (const todo of todos) {
      expect(() => todo.owner).toThrow(RelationNotLoadedError);
      expect(() => todo.tags).toThrow(RelationNotLoadedError);
    }

    // Loading again once the join table is back gives every level its values.
    await session.rollback();
    await engine.createAll();
    await session.load(people, "todos.tags");
    expect(people[1].todos.map((t) => t.title)).toEqual(["Grace 1", "Grace 2"]);
    expect(people[1].todos[0].owner).toBe(people[1]);
    expect(people[1].todos[0].tags).toEqual([]);
  });
});
