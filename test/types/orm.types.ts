/**
 * Type tests for ORM queries: filters, orderings and load paths are typed by
 * the entity, so a misspelled property fails to compile. Checked by
 * `npx tsc --noEmit -p .`; never executed.
 */
import {
  BaseEntity,
  type Engine,
  gt,
  inArray,
  isNull,
  type LoadPath,
  like,
  not,
  or,
  type Repository,
  type Session,
  select,
  tableOf,
  type Where,
} from "../../lib";
import { Note } from "../fixtures/notes/note";
import { Task } from "../fixtures/seed-models";
import { Person, Tag, Todo } from "../fixtures/tagged-todos";
import { type Equal, expectType } from "./expect-type";

export async function queries(session: Session, engine: Engine): Promise<void> {
  const todos = await session
    .query(Todo)
    .where({ status: "pending", owner: { name: "Safi" } })
    .orderBy({ id: "desc" })
    .load("owner")
    .limit(20)
    .all();
  expectType<Equal<typeof todos, Todo[]>>();
  const first = await session.query(Person).first();
  expectType<Equal<typeof first, Person | undefined>>();
  const one = await session.query(Person).one();
  expectType<Equal<typeof one, Person>>();
  expectType<Equal<Awaited<ReturnType<ReturnType<Session["query"]>["count"]>>, number>>();

  session.query(Person).where({ age: gt(3), name: like("A%") });
  session.query(Person).where({ age: null });
  session.query(Person).where({ age: isNull() });
  session.query(Person).where({ name: inArray(["a", "b"]) });
  session.query(Person).where({ name: not("x") });
  session.query(Person).where({ name: or("a", like("b%")) });
  session.query(Person).where(or({ name: "a" }, { age: gt(1) }));
  session.query(Person).where(not({ todos: { status: "done" } }));
  session.query(Todo).where({ tags: { label: "red" } });
  session.query(Tag).where({ todos: { owner: { name: "A" } } });
  session.query(Person).load("todos.tags", { strategy: "joined" });
  session.query(Person).load("todos", "todos.owner");
  session.query(Task).where({ project: isNull() });
  session.query(Task).where({ project: null });

  // @ts-expect-error misspelled column in where
  session.query(Person).where({ nmae: "x" });
  // @ts-expect-error misspelled column of a related entity
  session.query(Todo).where({ owner: { nmae: "x" } });
  // @ts-expect-error wrong value type
  session.query(Person).where({ age: "old" });
  // @ts-expect-error an operator of the wrong type
  session.query(Person).where({ age: like("1%") });
  // @ts-expect-error isNull() on a column that cannot be NULL
  session.query(Person).where({ name: isNull() });
  // @ts-expect-error misspelled column in orderBy
  session.query(Person).orderBy({ nmae: "asc" });
  // @ts-expect-error a bad direction
  session.query(Person).orderBy({ name: "up" });
  // @ts-expect-error an internal ordering node is not an ordering
  session.query(Person).orderBy({ expr: tableOf(Person).c.name.node, direction: "asc" });
  session.query(Person).orderBy(tableOf(Person).c.name.desc(), { id: "asc" });
  // @ts-expect-error misspelled relation in load
  session.query(Person).load("todoz");
  // @ts-expect-error misspelled nested relation in load
  session.query(Person).load("todos.tagz");
  // @ts-expect-error a column is not a relation to load
  session.query(Person).load("name");
  // @ts-expect-error misspelled column in find options
  await session.find(Person, { where: { nmae: "x" } });
  // @ts-expect-error misspelled relation in find options
  await session.find(Person, { load: ["todoz"] });

  expectType<Equal<LoadPath<Todo> extends string ? true : false, true>>();
  const filter: Where<Person> = { todos: { tags: { label: "x" } } };
  void filter;

  const repo = session.repository(Person);
  expectType<Equal<typeof repo, Repository<Person>>>();
  const found = await repo.find({ where: { name: "A" } });
  expectType<Equal<typeof found, Person[]>>();

  BaseEntity.useEngine(engine);
  const note = Note.create({ text: "hi" });
  expectType<Equal<typeof note, Note>>();
  const saved = await note.save();
  expectType<Equal<typeof saved, Note>>();
  const notes = await Note.find({ where: { text: "hi" } });
  expectType<Equal<typeof notes, Note[]>>();
  // @ts-expect-error misspelled column in an Active Record finder
  await Note.find({ where: { txt: "hi" } });
  // @ts-expect-error create() takes the entity's properties
  Note.create({ txt: "hi" });

  const viaClass = await session.scalars(select(Person).where(tableOf(Person).c.name.eq("A")));
  expectType<Equal<typeof viaClass, Person[]>>();
  const rows = (await engine.execute(select(Person))).rows;
  expectType<Equal<(typeof rows)[number]["age"], number | null>>();
  // @ts-expect-error a Core row of an entity has its columns, not its relations
  void rows[0].todos;

  const n = await engine.transaction(async (s) => s.query(Note).count(), { isolation: "serializable", retries: 3 });
  expectType<Equal<typeof n, number>>();
}
