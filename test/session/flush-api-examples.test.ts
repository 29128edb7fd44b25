import { type EchoEvent, type Engine, InvalidValueError, NotFoundError, Session, UsageError } from "../../lib";
import { Counter, flushEntities } from "../fixtures/flush-models";
import { Course, Profile, Project, Student, seedEntities, Task, User } from "../fixtures/seed-models";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { countOf, rowsOf } from "./support/rows";
import { dataStatements, statementsOn, updatedColumns } from "./support/statements";

/** API.md section 5, translated to the seed models, run as written. */
describeEachDialect("session examples of API.md", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: [User, Task, Profile, Student, Course, Project, ...seedEntities] }));
    await engine.createAll();
  });

  it("add + commit sets the generated key (await using closes the session)", async () => {
    let id: number;
    {
      await using session = new Session(engine);
      const user = new User();
      user.name = "Rukhya";
      session.add(user);
      await session.commit();
      id = user.id;
      expect(id).toEqual(expect.any(Number));
    }
    expect((await rowsOf(engine, "users")).find((r) => r.id === id)).toMatchObject({ name: "Rukhya", email: null });
  });

  it("get() answers from the identity map, change tracking UPDATEs only what changed, getOrFail + delete", async () => {
    const owner = Object.assign(new User(), { name: "Safi" });
    const tasks = [1, 2, 3].map((n) => Object.assign(new Task(), { title: `task ${n}`, owner }));
    {
      await using session = new Session(engine);
      session.addAll(tasks);
      await session.commit();
    }
    const [, , third] = tasks;

    await using s = new Session(engine);
    const u = await s.get(User, owner.id);
    statements.length = 0;
    expect(await s.get(User, owner.id)).toBe(u);
    expect(statements).toEqual([]);
    u!.name = "Ayaan";
    // getOrFail autoflushes the rename before its SELECT, so the query sees it.
    s.delete(await s.getOrFail(Task, third.id));
    await s.commit();
    const run = dataStatements(statements);
    expect(run.map((e) => e.sql.split(" ", 1)[0])).toEqual(["UPDATE", "SELECT", "DELETE"]);
    expect(updatedColumns(statementsOn(run, "UPDATE", "users")[0].sql)).toEqual(["name"]);
    expect(statementsOn(run, "DELETE", "tasks")).toHaveLength(1);
    expect((await rowsOf(engine, "users")).find((r) => r.id === owner.id)?.name).toBe("Ayaan");
    expect((await rowsOf(engine, "tasks")).filter((r) => r.owner_id === owner.id).map((r) => r.title)).toEqual(["task 1", "task 2"]);
    expect(await s.get(Task, third.id)).toBeUndefined();
    await expectStrataError(s.getOrFail(Task, third.id), NotFoundError, "NOT_FOUND", "Task", String(third.id));
  });

  it("rollback(): new objects are no longer pending, changed ones have their old values, deleted ones are back", async () => {
    const kept = Object.assign(new Project(), { name: "Kept" });
    {
      await using session = new Session(engine);
      session.add(kept);
      await session.commit();
    }
    await using session = new Session(engine);
    const loaded = await session.getOrFail(Project, kept.id);
    const fresh = Object.assign(new Project(), { name: "Fresh" });
    session.add(fresh);
    loaded.name = "Renamed";
    await session.flush();
    expect(fresh.id).toEqual(expect.any(Number));
    await session.rollback();
    expect(fresh.id).toBeUndefined();
    expect(loaded.name).toBe("Kept");
    session.delete(loaded);
    await session.flush();
    expect(await session.get(Project, kept.id)).toBeUndefined();
    await session.rollback();
    expect(await session.get(Project, kept.id)).toBe(loaded);
    expect((await rowsOf(engine, "projects")).map((r) => r.name)).toContain("Kept");
    expect((await rowsOf(engine, "projects")).map((r) => r.name)).not.toContain("Fresh");
  });

  it("asyncDispose rolls back what was not committed", async () => {
    const before = await countOf(engine, "projects");
    {
      await using session = new Session(engine);
      session.add(Object.assign(new Project(), { name: "Never committed" }));
      await session.flush();
    }
    expect(await countOf(engine, "projects")).toBe(before);
    const session = new Session(engine);
    await session.close();
    await expectStrataError(() => session.add(new Project()), UsageError, "USAGE_ERROR", "closed", "new Session");
    await expectStrataError(session.flush(), UsageError, "USAGE_ERROR", "closed");
  });

  it("beginNested(): a savepoint undoes only its own work", async () => {
    await using session = new Session(engine);
    const outer = Object.assign(new Project(), { name: "Outer" });
    session.add(outer);
    const nested = await session.beginNested();
    session.add(Object.assign(new Project(), { name: "Inner" }));
    await session.flush();
    await nested.rollback();
    await session.commit();
    const names = (await rowsOf(engine, "projects")).map((r) => r.name);
    expect(names).toContain("Outer");
    expect(names).not.toContain("Inner");
  });
});

describeEachDialect("session bad paths", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine({ entities: [...seedEntities, ...flushEntities] });
    await engine.createAll();
  });

  it("refuses to add what is not an entity of the engine", async () => {
    await using session = new Session(engine);
    class NotAnEntity {
      x = 1;
    }
    await expectStrataError(() => session.add({ name: "plain" }), UsageError, "USAGE_ERROR", "not an entity", "@Table()");
    await expectStrataError(() => session.add(new NotAnEntity()), UsageError, "USAGE_ERROR", "NotAnEntity is not an entity", "entities");
    await expectStrataError(() => session.add(null as never), UsageError, "USAGE_ERROR", "got null");
    await expectStrataError(() => session.add(7 as never), UsageError, "USAGE_ERROR", "got number");
    await expectStrataError(() => session.add([new User()] as never), UsageError, "USAGE_ERROR", "array", "addAll()");
    await expectStrataError(session.get(NotAnEntity, 1), UsageError, "USAGE_ERROR", "NotAnEntity is not an entity");
    await expectStrataError(session.get(User, undefined), InvalidValueError, "INVALID_VALUE", "User.id");
  });

  it("refuses to delete an object the session does not know", async () => {
    await using session = new Session(engine);
    await expectStrataError(
      () => session.delete(new User()),
      UsageError,
      "USAGE_ERROR",
      "not in the session",
      "load it through the session",
    );
    const elsewhere = Object.assign(new Project(), { name: "Loaded elsewhere" });
    {
      await using other = new Session(engine);
      other.add(elsewhere);
      await other.commit();
    }
    await expectStrataError(() => session.delete(elsewhere), UsageError, "USAGE_ERROR", "Project is not in the session");
    expect((await rowsOf(engine, "projects")).some((r) => r.id === elsewhere.id)).toBe(true);
  });

  it("refuses an object another open session tracks, and takes it once that session has let it go", async () => {
    const project = Object.assign(new Project(), { name: "Shared" });
    await using first = new Session(engine);
    first.add(project);
    await first.commit();
    await using second = new Session(engine);
    await expectStrataError(
      () => second.add(project),
      UsageError,
      "USAGE_ERROR",
      "Project is already in another open session",
      "expunge()",
    );
    first.expunge(project);
    project.name = "Shared, renamed";
    second.add(project);
    await second.commit();
    expect((await rowsOf(engine, "projects")).find((r) => r.id === project.id)).toMatchObject({ name: "Shared, renamed" });
    // The first session no longer tracks it: its commit writes nothing of it.
    project.name = "Changed after";
    await first.commit();
    expect((await rowsOf(engine, "projects")).find((r) => r.id === project.id)).toMatchObject({ name: "Shared, renamed" });
  });

  it("treats a loaded object like one the application made: refused while its session is open, updated (not inserted) in the next", async () => {
    // Loaded objects keep their state in a slot their constructor reserved, objects made with `new` in a WeakMap: both behave alike.
    const made = Object.assign(new Project(), { name: "Loaded later" });
    {
      await using setup = new Session(engine);
      setup.add(made);
      await setup.commit();
    }
    const first = new Session(engine);
    const loaded = await first.getOrFail(Project, made.id);
    expect(loaded).not.toBe(made);
    await using second = new Session(engine);
    await expectStrataError(() => second.add(loaded), UsageError, "USAGE_ERROR", "Project is already in another open session");
    await first.close();
    loaded.name = "Loaded, then renamed";
    second.add(loaded);
    // An INSERT of its key again would fail: the commit updates the row.
    await second.commit();
    const rows = (await rowsOf(engine, "projects")).filter((r) => r.id === made.id);
    expect(rows).toEqual([expect.objectContaining({ name: "Loaded, then renamed" })]);
  });

  it("stamps each object's timestamps with a Date of its own, and keeps an updated-at the application set", async () => {
    const owner = Object.assign(new User(), { name: "Stamped" });
    const tasks = [1, 2].map((n) => Object.assign(new Task(), { title: `stamped ${n}`, owner }));
    await using session = new Session(engine);
    session.add(owner);
    session.addAll(tasks);
    await session.commit();
    const [a, b] = tasks;
    expect(a.updatedAt).toBeInstanceOf(Date);
    expect(a.updatedAt).not.toBe(b.updatedAt);
    // Changing one object's Date in place changes that row only.
    a.updatedAt.setUTCFullYear(2001);
    await session.commit();
    // SQLite reads DATETIME back as UTC text ("2020-05-06 07:08:09.000").
    const utc = (v: unknown) => (v instanceof Date ? v : new Date(`${String(v).replace(" ", "T")}Z`));
    const rows = await rowsOf(engine, "tasks");
    const yearOf = (id: number) => utc(rows.find((r) => r.id === id)?.updated_at).getUTCFullYear();
    expect(yearOf(a.id)).toBe(2001);
    expect(yearOf(b.id)).toBe(new Date().getUTCFullYear());

    const chosen = new Date(Date.UTC(2020, 4, 6, 7, 8, 9));
    b.title = "stamped 2, renamed";
    b.updatedAt = chosen;
    await session.commit();
    expect(b.updatedAt.getTime()).toBe(chosen.getTime());
    const after = (await rowsOf(engine, "tasks")).find((r) => r.id === b.id);
    expect(utc(after?.updated_at).getTime()).toBe(chosen.getTime());
  });

  it("refuses two objects with one primary key: a loaded one and a new one, or two new ones", async () => {
    const existing = Object.assign(new Counter(), { name: "one key", value: 1 });
    {
      await using s = new Session(engine);
      s.add(existing);
      await s.commit();
    }
    await using session = new Session(engine);
    await session.getOrFail(Counter, "one key");
    await expectStrataError(
      () => session.add(Object.assign(new Counter(), { name: "one key", value: 2 })),
      UsageError,
      "USAGE_ERROR",
      "same primary key",
      "change that object",
    );

    session.add(Object.assign(new Counter(), { name: "twice", value: 1 }));
    session.add(Object.assign(new Counter(), { name: "twice", value: 2 }));
    await expectStrataError(session.flush(), UsageError, "USAGE_ERROR", "Two Counter objects", "name = twice");
    await session.rollback();
    expect((await rowsOf(engine, "counters", "name")).map((r) => r.name)).toEqual(["one key"]);
  });
});
