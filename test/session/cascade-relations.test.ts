import { type EchoEvent, type Engine, Session, UsageError } from "../../lib";
import { Award, Badge, flushEntities, Member, Team } from "../fixtures/flush-models";
import { Category, Course, Profile, Project, Student, seedEntities, Task, User } from "../fixtures/seed-models";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { decodedRows, rowsOf } from "./support/rows";
import { dataStatements, statementsOn } from "./support/statements";

function user(name: string): User {
  return Object.assign(new User(), { name, email: null });
}

function task(title: string, owner?: User): Task {
  const t = Object.assign(new Task(), { title });
  if (owner) t.owner = owner;
  return t;
}

describeEachDialect("relationships in motion", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: [...seedEntities, ...flushEntities] }));
    await engine.createAll();
  });
  beforeEach(() => {
    statements.length = 0;
  });

  const rowsWhere = async (table: string, match: (row: Record<string, unknown>) => boolean) => (await rowsOf(engine, table)).filter(match);

  describe("cascade persist", () => {
    it("inserts new objects reached through a cascading relation, parents first, and sets both sides", async () => {
      const owner = user("Cascader");
      owner.tasks = [task("one"), task("two"), task("three")];
      await using session = new Session(engine);
      session.add(owner);
      await session.commit();
      expect(owner.id).toEqual(expect.any(Number));
      for (const t of owner.tasks) {
        expect(t.id).toEqual(expect.any(Number));
        expect(t.owner).toBe(owner);
        expect(t.ownerId).toBe(owner.id);
      }
      const kinds = dataStatements(statements).map((s) => s.sql.slice(0, 20));
      expect(kinds).toEqual([expect.stringMatching(/^INSERT INTO .users/), expect.stringMatching(/^INSERT INTO .tasks/)]);
      const rows = await rowsWhere("tasks", (r) => r.owner_id === owner.id);
      expect(rows.map((r) => r.title)).toEqual(["one", "two", "three"]);
    });

    it("refuses a new object reached through a relation without cascade persist, naming the relation and the fix", async () => {
      await using session = new Session(engine);
      const award = Object.assign(new Award(), { reason: "unsaved badge" });
      award.badge = Object.assign(new Badge(), { code: "not added" });
      session.add(award);
      await expectStrataError(session.flush(), UsageError, "USAGE_ERROR", "Award.badge", "session.add()", "cascade");
      expect(dataStatements(statements)).toEqual([]);
      await session.rollback();
      session.addAll([award, award.badge]);
      await session.commit();
      expect((await rowsOf(engine, "awards")).find((r) => r.id === award.id)?.badge_id).toBe(award.badge.id);
    });
  });

  describe("cascade remove and orphanRemoval", () => {
    it("deletes loaded children through cascade remove, dependents first", async () => {
      const owner = user("Leaving");
      owner.tasks = [task("a"), task("b")];
      {
        await using s = new Session(engine);
        s.add(owner);
        await s.commit();
      }
      await using session = new Session(engine);
      const loaded = await session.getOrFail(User, owner.id);
      await session.load(loaded, "tasks");
      session.delete(loaded);
      statements.length = 0;
      await session.commit();
      // Task is versioned: its rows are deleted in one statement matching each key with its version; then the user.
      expect(dataStatements(statements).map((s) => s.sql.slice(0, 19))).toEqual([
        expect.stringMatching(/^DELETE FROM .tasks/),
        expect.stringMatching(/^DELETE FROM .users/),
      ]);
      expect(dataStatements(statements)[0].params).toEqual(owner.tasks.flatMap((t) => [t.id, 1]));
      expect(await rowsWhere("users", (r) => r.id === owner.id)).toEqual([]);
      expect(await rowsWhere("tasks", (r) => r.owner_id === owner.id)).toEqual([]);
    });

    it("deletes a child taken out of a collection with orphanRemoval", async () => {
      const team = Object.assign(new Team(), { name: "Orphans" });
      const keep = Object.assign(new Member(), { email: "keep@orphans" });
      const drop = Object.assign(new Member(), { email: "drop@orphans" });
      team.members = [keep, drop];
      {
        await using s = new Session(engine);
        s.add(team);
        await s.commit();
      }
      await using session = new Session(engine);
      const loaded = await session.getOrFail(Team, team.id);
      await session.load(loaded, "members");
      const dropped = loaded.members.find((m) => m.email === "drop@orphans") as Member;
      loaded.members = loaded.members.filter((m) => m !== dropped);
      statements.length = 0;
      await session.commit();
      expect(statementsOn(statements, "DELETE", "members")).toHaveLength(1);
      expect((await rowsWhere("members", (r) => r.team_id === team.id)).map((r) => r.email)).toEqual(["keep@orphans"]);
      expect(await rowsWhere("members", (r) => r.email === "drop@orphans")).toEqual([]);
      expect(await session.get(Member, dropped.id)).toBeUndefined();
    });

    it("only detaches a child taken out of a collection without orphanRemoval (its foreign key set to NULL)", async () => {
      const project = Object.assign(new Project(), { name: "Detaching" });
      const member = user("Member of project");
      member.project = project;
      {
        await using s = new Session(engine);
        s.addAll([project, member]);
        await s.commit();
      }
      await using session = new Session(engine);
      const loaded = await session.getOrFail(Project, project.id);
      await session.load(loaded, "members");
      const [m] = loaded.members;
      loaded.members = [];
      await session.commit();
      expect(m.project).toBeNull();
      expect((await rowsWhere("users", (r) => r.id === member.id))[0]).toMatchObject({ project_id: null, name: "Member of project" });
    });
  });

  describe("both sides agree after a flush, whichever side was set", () => {
    it("many-to-one set on the owning side moves the object between loaded collections", async () => {
      const from = user("From");
      const to = user("To");
      const moving = task("moving", from);
      {
        await using s = new Session(engine);
        s.addAll([moving, to]);
        await s.commit();
      }
      await using session = new Session(engine);
      const [a, b] = [await session.getOrFail(User, from.id), await session.getOrFail(User, to.id)];
      await session.load([a, b], "tasks");
      const t = a.tasks[0];
      t.owner = b;
      await session.commit();
      expect(a.tasks).toEqual([]);
      expect(b.tasks).toEqual([t]);
      expect(t.ownerId).toBe(b.id);
      expect((await rowsWhere("tasks", (r) => r.id === moving.id))[0].owner_id).toBe(to.id);
    });

    it("one-to-many set on the inverse side writes the foreign key and sets the owning side", async () => {
      const from = user("Giver");
      const to = user("Taker");
      const moving = task("handed over", from);
      {
        await using s = new Session(engine);
        s.addAll([moving, to]);
        await s.commit();
      }
      await using session = new Session(engine);
      const [a, b] = [await session.getOrFail(User, from.id), await session.getOrFail(User, to.id)];
      await session.load([a, b], "tasks");
      const t = a.tasks[0];
      a.tasks = [];
      b.tasks.push(t);
      await session.commit();
      expect(t.owner).toBe(b);
      expect(t.ownerId).toBe(b.id);
      expect((await rowsWhere("tasks", (r) => r.id === moving.id))[0].owner_id).toBe(to.id);
    });

    it("one-to-one set on either side", async () => {
      const owner = user("Profiled");
      const profile = Object.assign(new Profile(), { bio: "owning side set" });
      profile.user = owner;
      const other = user("Profiled from inverse");
      const second = Object.assign(new Profile(), { bio: "inverse side set" });
      other.profile = second;
      await using session = new Session(engine);
      session.addAll([profile, other, second]);
      await session.commit();
      expect(owner.profile).toBe(profile);
      expect(second.user).toBe(other);
      const rows = await rowsOf(engine, "profiles");
      expect(rows.find((r) => r.id === profile.id)?.user_id).toBe(owner.id);
      expect(rows.find((r) => r.id === second.id)?.user_id).toBe(other.id);
    });
  });

  describe("many-to-many join rows by diffing", () => {
    const enrollments = async (studentId: number) =>
      (await rowsOf(engine, "enrollments", "student_id, course_id")).filter((r) => r.student_id === studentId).map((r) => r.course_id);

    it("inserts and deletes join rows for changes on either side, each pair once", async () => {
      const [c1, c2, c3] = ["Algebra", "Biology", "Chemistry"].map((title) => Object.assign(new Course(), { title }));
      const student = Object.assign(new Student(), { name: "Stu" });
      student.courses = [c1, c2];
      {
        await using s = new Session(engine);
        s.addAll([student, c1, c2, c3]);
        await s.commit();
        expect(c1.students).toEqual([student]);
        expect(await enrollments(student.id)).toEqual([c1.id, c2.id]);
      }

      await using session = new Session(engine);
      const st = await session.getOrFail(Student, student.id);
      await session.load(st, "courses");
      const courses = new Map(st.courses.map((c) => [c.id, c]));
      const third = await session.getOrFail(Course, c3.id);
      await session.load([...courses.values(), third], "students");

      // Owning side: drop Algebra. Inverse side: enrol in Chemistry.
      st.courses = st.courses.filter((c) => c.id !== c1.id);
      third.students.push(st);
      statements.length = 0;
      await session.commit();
      const writes = dataStatements(statements);
      expect(statementsOn(writes, "DELETE", "enrollments")).toHaveLength(1);
      expect(statementsOn(writes, "INSERT", "enrollments")).toHaveLength(1);
      expect(writes).toHaveLength(2);
      expect(await enrollments(student.id)).toEqual([c2.id, c3.id].sort((x, y) => x - y));
      expect(st.courses.map((c) => c.id).sort()).toEqual([c2.id, c3.id].sort());
      expect(courses.get(c1.id)?.students).toEqual([]);

      // The same change made on both sides writes each pair once.
      const algebra = courses.get(c1.id) as Course;
      st.courses.push(algebra);
      algebra.students.push(st);
      statements.length = 0;
      await session.commit();
      expect(dataStatements(statements).map((s) => s.sql.slice(0, 25))).toEqual([expect.stringMatching(/^INSERT INTO .enrollments/)]);
      expect(await enrollments(student.id)).toEqual([c1.id, c2.id, c3.id].sort((x, y) => x - y));
      st.courses = st.courses.filter((c) => c !== algebra);
      algebra.students = algebra.students.filter((s) => s !== st);
      statements.length = 0;
      await session.commit();
      expect(dataStatements(statements).map((s) => s.sql.slice(0, 25))).toEqual([expect.stringMatching(/^DELETE FROM .enrollments/)]);
      expect(await enrollments(student.id)).toEqual([c2.id, c3.id].sort((x, y) => x - y));
    });

    it("deletes the join rows of a deleted owner", async () => {
      const course = Object.assign(new Course(), { title: "Doomed course" });
      const student = Object.assign(new Student(), { name: "Leaver", courses: [course] });
      {
        await using s = new Session(engine);
        s.addAll([student, course]);
        await s.commit();
      }
      await using session = new Session(engine);
      session.delete(await session.getOrFail(Student, student.id));
      await session.commit();
      expect(await enrollments(student.id)).toEqual([]);
      expect((await rowsOf(engine, "courses")).some((c) => c.id === course.id)).toBe(true);
    });
  });

  it("inserts a self-referential tree parents first and moves a subtree with one UPDATE", async () => {
    const root = Object.assign(new Category(), { name: "root", parent: null });
    const other = Object.assign(new Category(), { name: "other root", parent: null });
    const child = Object.assign(new Category(), { name: "child", parent: root });
    const grandchildren = ["g1", "g2"].map((name) => Object.assign(new Category(), { name, parent: child }));
    await using session = new Session(engine);
    // Added children first: the flush still inserts each parent before its children.
    session.addAll([...grandchildren, child, other, root]);
    await session.commit();
    expect(statementsOn(statements, "INSERT", "categories")).toHaveLength(3);
    const byId = new Map((await rowsOf(engine, "categories")).map((r) => [r.id, r]));
    expect(byId.get(root.id)?.parent_id).toBeNull();
    expect(byId.get(child.id)?.parent_id).toBe(root.id);
    for (const g of grandchildren) expect(byId.get(g.id)?.parent_id).toBe(child.id);
    expect(root.children).toEqual([child]);
    expect(child.children).toEqual(grandchildren);

    statements.length = 0;
    child.parent = other;
    await session.commit();
    const writes = dataStatements(statements);
    expect(writes).toHaveLength(1);
    expect(writes[0].sql).toMatch(/^UPDATE .categories. SET .parent_id. = /);
    expect(root.children).toEqual([]);
    expect(other.children).toEqual([child]);
    expect((await rowsOf(engine, "categories")).find((r) => r.id === child.id)?.parent_id).toBe(other.id);
  });

  it("resolves a cycle of nullable foreign keys with a later UPDATE", async () => {
    const team = Object.assign(new Team(), { name: "Cyclists" });
    const captain = Object.assign(new Member(), { email: "captain@cyclists" });
    team.captain = captain;
    captain.team = team;
    await using session = new Session(engine);
    session.add(team);
    await session.commit();
    const writes = dataStatements(statements).map((s) => s.sql);
    expect(writes).toEqual([
      expect.stringMatching(/^INSERT INTO .teams. /),
      expect.stringMatching(/^INSERT INTO .members. /),
      expect.stringMatching(/^UPDATE .teams. SET .captain_id. = /),
    ]);
    expect(captain.captainOf).toBe(team);
    expect(team.members).toEqual([captain]);
    expect((await rowsOf(engine, "teams")).find((r) => r.id === team.id)?.captain_id).toBe(captain.id);
    expect((await rowsOf(engine, "members")).find((r) => r.id === captain.id)?.team_id).toBe(team.id);

    // The deferred key is in the snapshot: the next flush has nothing to write.
    statements.length = 0;
    await session.commit();
    expect(dataStatements(statements)).toEqual([]);
  });

  it("maintains createdAt and updatedAt: both set on INSERT, updatedAt alone moved on UPDATE", async () => {
    const team = Object.assign(new Team(), { name: "Stamped" });
    const before = Date.now();
    await using session = new Session(engine);
    session.add(team);
    await session.commit();
    expect(team.createdAt).toBeInstanceOf(Date);
    expect(team.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(team.updatedAt.getTime()).toBe(team.createdAt.getTime());
    const stored = async () => (await decodedRows(engine, Team)).find((r) => r.id === team.id) as Record<string, Date>;
    expect((await stored()).createdAt.getTime()).toBe(team.createdAt.getTime());

    const created = team.createdAt.getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    team.name = "Stamped again";
    statements.length = 0;
    await session.commit();
    expect(team.createdAt.getTime()).toBe(created);
    expect(team.updatedAt.getTime()).toBeGreaterThan(created);
    const [update] = dataStatements(statements);
    expect(update.sql).toMatch(/SET .name. = .*, .updated_at. = /);
    expect(update.sql).not.toMatch(/created_at/);
    expect((await stored()).createdAt.getTime()).toBe(created);
    expect((await stored()).updatedAt.getTime()).toBe(team.updatedAt.getTime());
  });

  it("keeps a createdAt the application set itself", async () => {
    const at = new Date(Date.UTC(2020, 1, 3, 4, 5, 6, 789));
    const team = Object.assign(new Team(), { name: "Backdated", createdAt: at });
    await using session = new Session(engine);
    session.add(team);
    await session.commit();
    expect(team.createdAt).toBe(at);
    const row = (await decodedRows(engine, Team)).find((r) => r.id === team.id) as Record<string, Date>;
    expect(row.createdAt.getTime()).toBe(at.getTime());
  });
});
