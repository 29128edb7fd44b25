import { type EchoEvent, type Engine, Session } from "../../lib";
import { Course, Profile, Project, Student, seedEntities, Task, User } from "../fixtures/seed-models";
import { describeEachDialect } from "../support/test-database";

describeEachDialect("session smoke", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: seedEntities }));
    await engine.createAll();
  });

  it("adds, commits, gets, updates, deletes", async () => {
    await using session = new Session(engine);
    const user = new User();
    user.name = "Rukhya";
    const task = new Task();
    task.title = "Write";
    task.owner = user;
    const profile = new Profile();
    profile.user = user;
    profile.bio = null;
    session.add(task);
    session.add(profile);
    await session.commit();
    expect(user.id).toEqual(expect.any(Number));
    expect(task.id).toEqual(expect.any(Number));
    expect(task.ownerId).toBe(user.id);
    expect(task.status).toBe("pending");
    expect(task.version).toBe(1);
    expect(user.tasks).toEqual([task]);
    expect(user.profile).toBe(profile);

    await using s2 = new Session(engine);
    const loaded = await s2.getOrFail(User, user.id);
    expect(loaded.name).toBe("Rukhya");
    expect(await s2.get(User, user.id)).toBe(loaded);
    statements.length = 0;
    loaded.name = "Ayaan";
    await s2.commit();
    const writes = statements.filter((s) => !/^(BEGIN|COMMIT|START)/.test(s.sql));
    expect(writes).toHaveLength(1);
    expect(writes[0].sql).toMatch(/^UPDATE .users. SET .name. = /);

    const t2 = await s2.getOrFail(Task, task.id);
    t2.title = "Rewrite";
    await s2.flush();
    expect(t2.version).toBe(2);
    s2.delete(t2);
    await s2.commit();
    await using s3 = new Session(engine);
    expect(await s3.get(Task, task.id)).toBeUndefined();
  });

  it("rolls back in memory", async () => {
    await using session = new Session(engine);
    const project = new Project();
    project.name = "P";
    session.add(project);
    await session.flush();
    expect(project.id).toEqual(expect.any(Number));
    await session.rollback();
    expect(project.id).toBeUndefined();
    expect(session.uow.stateOf(project)).toBeUndefined();
    const s = new Student();
    s.name = "S";
    const c = new Course();
    c.title = "C";
    s.courses = [c];
    session.add(s);
    await session.commit();
    expect(c.students).toEqual([s]);
  });
});
