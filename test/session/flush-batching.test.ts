import { type EchoEvent, type Engine, Session, sql } from "../../lib";
import { DocumentVersion, Project, seedEntities, Task, User } from "../fixtures/seed-models";
import { describeEachDialect } from "../support/test-database";
import { countOf, rowsOf } from "./support/rows";
import { dataStatements, statementsOn, updatedColumns } from "./support/statements";

const USERS = 10;
const TASKS_PER_USER = 100;

/**
 * How many INSERT statements a flush of `rows` new rows with a generated key
 * may take on this engine. PostgreSQL and SQLite: one multi-row statement
 * (the key comes back through RETURNING or the last rowid of a single
 * writer). MariaDB: one multi-row statement when InnoDB hands out consecutive
 * keys to it (innodb_autoinc_lock_mode 0 or 1, the default before 8.0 / on
 * MariaDB), else one per row, because the keys could not be told apart.
 */
async function expectedInserts(engine: Engine, rows: number): Promise<number> {
  if (engine.dialect.capabilities.generatedKeys !== "first-insert-id") return 1;
  const [row] = (await engine.execute(sql<{ mode: unknown }>`SELECT @@innodb_autoinc_lock_mode AS mode`)).all();
  return Number(row.mode) === 2 ? rows : 1;
}

function newUsersWithTasks(prefix: string): { users: User[]; tasks: Task[] } {
  const users: User[] = [];
  const tasks: Task[] = [];
  for (let u = 0; u < USERS; u++) {
    const user = new User();
    user.name = `${prefix} user ${u}`;
    user.email = `${prefix}-${u}@example.com`;
    users.push(user);
    for (let t = 0; t < TASKS_PER_USER; t++) {
      const task = new Task();
      task.title = `${prefix} task ${u}.${t}`;
      task.notes = t % 3 === 0 ? null : `note ${t}`;
      task.tags = t % 2 === 0 ? ["a", `t${t}`] : null;
      task.owner = user;
      tasks.push(task);
    }
  }
  return { users, tasks };
}

describeEachDialect("flush batching", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: seedEntities }));
    await engine.createAll();
  });
  beforeEach(() => {
    statements.length = 0;
  });

  it("flushes 1,000 new tasks of 10 new users in one multi-row INSERT per table, keys written back", async () => {
    const { users, tasks } = newUsersWithTasks("batch");
    await using session = new Session(engine);
    session.addAll(tasks);
    statements.length = 0;
    await session.commit();

    expect(statementsOn(statements, "INSERT", "users")).toHaveLength(await expectedInserts(engine, USERS));
    expect(statementsOn(statements, "INSERT", "tasks")).toHaveLength(await expectedInserts(engine, USERS * TASKS_PER_USER));
    const written = dataStatements(statements).filter((s) => !/^SELECT @@/.test(s.sql));
    expect(written.every((s) => s.sql.startsWith("INSERT INTO"))).toBe(true);

    for (const o of [...users, ...tasks]) expect(o.id).toEqual(expect.any(Number));
    expect(new Set(users.map((u) => u.id)).size).toBe(USERS);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(USERS * TASKS_PER_USER);
    for (const user of users) expect(user.tasks).toHaveLength(TASKS_PER_USER);
    for (const task of tasks) expect(task.ownerId).toBe(task.owner.id);

    // Every generated key belongs to the row the object was inserted as.
    const userRows = new Map((await rowsOf(engine, "users")).map((r) => [r.id, r]));
    for (const user of users) expect(userRows.get(user.id)).toMatchObject({ name: user.name, email: user.email });
    const taskRows = new Map((await rowsOf(engine, "tasks")).map((r) => [r.id, r]));
    expect(taskRows.size).toBe(USERS * TASKS_PER_USER);
    for (const task of tasks) {
      const row = taskRows.get(task.id);
      expect(row).toMatchObject({ title: task.title, notes: task.notes, owner_id: task.owner.id, status: "pending", version: 1 });
      expect(row?.tags === null ? null : typeof row?.tags === "string" ? JSON.parse(row.tags) : row?.tags).toEqual(task.tags);
    }
  });

  it("writes keys back correctly while other sessions insert into the same tables at the same time", async () => {
    const batches = [0, 1, 2, 3].map((n) => newUsersWithTasks(`parallel${n}`));
    await Promise.all(
      batches.map(async ({ tasks }) => {
        await using session = new Session(engine);
        session.addAll(tasks);
        await session.commit();
      }),
    );
    const taskRows = new Map((await rowsOf(engine, "tasks")).map((r) => [r.id, r]));
    for (const { users, tasks } of batches) {
      for (const task of tasks) expect(taskRows.get(task.id)).toMatchObject({ title: task.title, owner_id: task.owner.id });
      const userRows = new Map((await rowsOf(engine, "users")).map((r) => [r.id, r]));
      for (const user of users) expect(userRows.get(user.id)?.name).toBe(user.name);
    }
  });

  it("UPDATEs only the changed column of a loaded entity (plus updated_at and version), with no SELECT", async () => {
    const user = new User();
    user.name = "Before";
    user.email = "before@example.com";
    const task = new Task();
    task.title = "Old title";
    task.notes = "keep me";
    task.owner = user;
    const project = new Project();
    project.name = "Unchanged project";
    {
      await using setup = new Session(engine);
      setup.addAll([task, project]);
      await setup.commit();
    }

    await using session = new Session(engine);
    const loadedTask = await session.getOrFail(Task, task.id);
    const loadedUser = await session.getOrFail(User, user.id);
    await session.getOrFail(Project, project.id);
    const updatedBefore = loadedTask.updatedAt;
    statements.length = 0;
    loadedTask.title = "New title";
    await session.flush();
    const taskWrites = dataStatements(statements);
    expect(taskWrites).toHaveLength(1);
    expect(taskWrites[0].sql).toMatch(/^UPDATE ["`]tasks["`] SET /);
    expect(updatedColumns(taskWrites[0].sql)).toEqual(["title", "updated_at", "version"]);
    expect(taskWrites[0].sql).toMatch(/WHERE .*["`]id["`] = .*["`]version["`] = /);

    statements.length = 0;
    loadedUser.name = "After";
    await session.commit();
    const userWrites = dataStatements(statements);
    expect(userWrites).toHaveLength(1);
    expect(updatedColumns(userWrites[0].sql)).toEqual(["name"]);
    expect(statements.some((s) => /^SELECT/i.test(s.sql))).toBe(false);

    expect(loadedTask.version).toBe(2);
    expect(loadedTask.updatedAt.getTime()).toBeGreaterThanOrEqual(updatedBefore.getTime());
    const [taskRow] = (await rowsOf(engine, "tasks")).filter((r) => r.id === task.id);
    expect(taskRow).toMatchObject({ title: "New title", notes: "keep me", version: 2, owner_id: user.id });
    const [userRow] = (await rowsOf(engine, "users")).filter((r) => r.id === user.id);
    expect(userRow).toMatchObject({ name: "After", email: "before@example.com" });
    const [projectRow] = (await rowsOf(engine, "projects")).filter((r) => r.id === project.id);
    expect(projectRow.name).toBe("Unchanged project");
  });

  it("UPDATEs rows of several shapes in one flush, each statement binding its own row's values, and again in the next session", async () => {
    const owner = Object.assign(new User(), { name: "Shapes owner", email: "shapes@example.com" });
    const tasks = Array.from({ length: 6 }, (_, i) => Object.assign(new Task(), { title: `shape ${i}`, notes: null, tags: null, owner }));
    const documents = [1, 2].map((n) =>
      Object.assign(new DocumentVersion(), { documentId: "4f1c1f4e-8a52-4c4b-9a8e-3c1e7b7d2a1b", number: n, content: `v${n}` }),
    );
    {
      await using setup = new Session(engine);
      setup.addAll([...tasks, ...documents]);
      await setup.commit();
    }
    for (const round of [1, 2]) {
      await using session = new Session(engine);
      const loaded: Task[] = [];
      for (const t of tasks) loaded.push(await session.getOrFail(Task, t.id));
      const versions = await session.find(DocumentVersion, { where: { documentId: documents[0].documentId }, orderBy: { number: "asc" } });
      // Interleaved shapes: the title of the even tasks, notes and tags (JSON) of the odd ones.
      loaded.forEach((t, i) => {
        if (i % 2 === 0) t.title = `shape ${i} round ${round}`;
        else {
          t.notes = `notes ${i} round ${round}`;
          t.tags = [`tag ${i}`, `round ${round}`];
        }
      });
      for (const v of versions) v.content = `v${v.number} round ${round}`;
      statements.length = 0;
      await session.commit();
      const updates = statementsOn(statements, "UPDATE", "tasks");
      expect(updates.map((u) => updatedColumns(u.sql))).toEqual(
        loaded.map((_, i) => (i % 2 === 0 ? ["title", "updated_at", "version"] : ["notes", "tags", "updated_at", "version"])),
      );
      updates.forEach((u, i) => {
        expect(u.params).toContain(loaded[i].id);
        expect(u.params).toContain(round);
      });
      expect(statementsOn(statements, "UPDATE", "document_versions")).toHaveLength(2);
      for (const t of loaded) expect(t.version).toBe(round + 1);
    }
    const rows = (await rowsOf(engine, "tasks")).filter((r) => tasks.some((t) => t.id === r.id));
    expect(rows.map((r) => [r.title, r.notes, r.version])).toEqual(
      tasks.map((_, i) => (i % 2 === 0 ? [`shape ${i} round 2`, null, 3] : [`shape ${i}`, `notes ${i} round 2`, 3])),
    );
    const odd = rows.filter((_, i) => i % 2 === 1).map((r) => (typeof r.tags === "string" ? JSON.parse(r.tags) : r.tags));
    expect(odd).toEqual([1, 3, 5].map((i) => [`tag ${i}`, "round 2"]));
    const versionRows = (await rowsOf(engine, "document_versions", "number")).filter((r) => r.document_id === documents[0].documentId);
    expect(versionRows.map((r) => r.content)).toEqual(["v1 round 2", "v2 round 2"]);
  });

  it("after an UPDATE the snapshot holds what was written: the next flush writes nothing, then sees a Date or JSON changed in place", async () => {
    const owner = Object.assign(new User(), { name: "Snapshot owner", email: "snapshot@example.com" });
    const task = Object.assign(new Task(), { title: "Snapshot", notes: null, tags: ["x"], owner });
    {
      await using setup = new Session(engine);
      setup.add(task);
      await setup.commit();
    }
    await using session = new Session(engine);
    const loaded = await session.getOrFail(Task, task.id);
    const loadedOwner = await session.getOrFail(User, owner.id);
    loaded.title = "Snapshot, renamed";
    loadedOwner.name = "Snapshot owner, renamed";
    await session.flush();
    statements.length = 0;
    await session.flush();
    expect(dataStatements(statements)).toEqual([]);

    // The created-at Date left unchanged by the first UPDATE, now changed in place; and the JSON array.
    loadedOwner.createdAt.setUTCFullYear(2003);
    (loaded.tags as string[]).push("y");
    await session.commit();
    expect(statementsOn(statements, "UPDATE", "users").map((u) => updatedColumns(u.sql))).toEqual([["created_at"]]);
    expect(statementsOn(statements, "UPDATE", "tasks").map((u) => updatedColumns(u.sql))).toEqual([["tags", "updated_at", "version"]]);
    const userRow = (await rowsOf(engine, "users")).find((r) => r.id === owner.id);
    const createdAt = userRow?.created_at;
    expect((createdAt instanceof Date ? createdAt : new Date(`${String(createdAt).replace(" ", "T")}Z`)).getUTCFullYear()).toBe(2003);
    const taskRow = (await rowsOf(engine, "tasks")).find((r) => r.id === task.id);
    expect(typeof taskRow?.tags === "string" ? JSON.parse(taskRow.tags) : taskRow?.tags).toEqual(["x", "y"]);
  });

  it("writes nothing for a loaded entity that did not change, or changed back", async () => {
    const project = new Project();
    project.name = "Idle";
    {
      await using setup = new Session(engine);
      setup.add(project);
      await setup.commit();
    }
    await using session = new Session(engine);
    const loaded = await session.getOrFail(Project, project.id);
    loaded.name = "Changed";
    loaded.name = "Idle";
    statements.length = 0;
    await session.commit();
    expect(dataStatements(statements)).toEqual([]);
  });

  it("deletes many loaded rows in one DELETE by key list (versioned rows matched by key and version)", async () => {
    const projects = Array.from({ length: 50 }, (_, i) => Object.assign(new Project(), { name: `doomed ${i}` }));
    {
      await using setup = new Session(engine);
      setup.addAll(projects);
      await setup.commit();
    }
    const before = await countOf(engine, "projects");
    await using session = new Session(engine);
    const loaded = await session.find(Project, {});
    const doomed = loaded.filter((p) => p.name.startsWith("doomed"));
    expect(doomed).toHaveLength(50);
    for (const p of doomed) session.delete(p);
    statements.length = 0;
    await session.commit();
    const deletes = statementsOn(statements, "DELETE", "projects");
    expect(deletes).toHaveLength(1);
    expect(deletes[0].params).toHaveLength(50);
    expect(await countOf(engine, "projects")).toBe(before - 50);
  });

  it("deletes 1,200 versioned rows and 1,200 rows with a composite key in chunks of (key AND version) OR ... under SQLite's expression depth", async () => {
    const owner = Object.assign(new User(), { name: "Many tasks", email: "many-tasks@example.com" });
    const tasks = Array.from({ length: 1200 }, (_, i) => Object.assign(new Task(), { title: `bulk ${i}`, notes: null, tags: null, owner }));
    const documentId = "9b2d2c1e-5f7a-4d1e-8c3b-2a6f4e8d1c0b";
    const versions = Array.from({ length: 1200 }, (_, i) => Object.assign(new DocumentVersion(), { documentId, number: i, content: "x" }));
    {
      await using setup = new Session(engine);
      setup.addAll([...tasks, ...versions]);
      await setup.commit();
    }
    await using session = new Session(engine);
    const loaded = [
      ...(await session.find(Task, { where: { ownerId: owner.id } })),
      ...(await session.find(DocumentVersion, { where: { documentId } })),
    ];
    for (const object of loaded) session.delete(object);
    statements.length = 0;
    await session.commit();
    expect(statementsOn(statements, "DELETE", "tasks").map((s) => s.params.length)).toEqual([1000, 1000, 400]);
    expect(statementsOn(statements, "DELETE", "document_versions").map((s) => s.params.length)).toEqual([1000, 1000, 400]);
    expect((await rowsOf(engine, "tasks")).filter((r) => r.owner_id === owner.id)).toEqual([]);
    expect((await rowsOf(engine, "document_versions", "number")).filter((r) => r.document_id === documentId)).toEqual([]);
  });
});
