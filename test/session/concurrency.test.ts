import { del, type Engine, inArray, OptimisticLockError, Session, StaleDataError, UsageError } from "../../lib";
import { Counter, flushEntities, Member } from "../fixtures/flush-models";
import { Project, Task, User } from "../fixtures/seed-models";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { rowsOf } from "./support/rows";

const INCREMENTS = 100;

describeEachDialect("session concurrency", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine({ entities: [...flushEntities, User, Task, Project] });
    await engine.createAll();
  });

  it(`${INCREMENTS} concurrent read-modify-write increments of one @Version row: value + OptimisticLockErrors = ${INCREMENTS}`, async () => {
    {
      await using session = new Session(engine);
      session.add(Object.assign(new Counter(), { name: "hits", value: 0 }));
      await session.commit();
    }
    const outcomes = await Promise.all(
      Array.from({ length: INCREMENTS }, async () => {
        await using session = new Session(engine);
        const counter = await session.getOrFail(Counter, "hits");
        counter.value += 1;
        try {
          await session.commit();
          return "committed";
        } catch (error) {
          if (error instanceof OptimisticLockError) return "conflict";
          throw error;
        }
      }),
    );
    const committed = outcomes.filter((o) => o === "committed").length;
    const conflicts = outcomes.filter((o) => o === "conflict").length;
    const [row] = await rowsOf(engine, "counters", "name");
    expect((row.value as number) + conflicts).toBe(INCREMENTS);
    expect(row.value).toBe(committed);
    // Every committed increment bumped the version once: no write went through unchecked.
    expect(row.version).toBe(1 + committed);
    expect(committed).toBeGreaterThan(0);
  });

  it("an UPDATE of a versioned row someone else changed is an OptimisticLockError naming the entity and the fix", async () => {
    const member = Object.assign(new Member(), { email: "raced@x" });
    {
      await using session = new Session(engine);
      session.add(member);
      await session.commit();
    }
    await using mine = new Session(engine);
    const loaded = await mine.getOrFail(Member, member.id);
    await mine.commit();
    {
      await using theirs = new Session(engine);
      (await theirs.getOrFail(Member, member.id)).points = 7;
      await theirs.commit();
    }
    loaded.points = 1;
    await expectStrataError(mine.commit(), OptimisticLockError, "OPTIMISTIC_LOCK", "Member", "reload");
    await mine.rollback();
    expect(loaded.points).toBe(0);
    const [row] = (await rowsOf(engine, "members")).filter((r) => r.id === member.id);
    expect(row).toMatchObject({ points: 7, version: 2 });
  });

  it("an UPDATE or DELETE of a row deleted behind the session's back is a StaleDataError", async () => {
    const user = Object.assign(new User(), { name: "Ghost", email: null });
    const project = Object.assign(new Project(), { name: "Ghost project" });
    {
      await using session = new Session(engine);
      session.addAll([user, project]);
      await session.commit();
    }
    await using session = new Session(engine);
    const loadedUser = await session.getOrFail(User, user.id);
    const loadedProject = await session.getOrFail(Project, project.id);
    await session.commit();
    await engine.execute(del(engine.tableOf(User)).where(engine.tableOf(User).c.id.eq(user.id)));
    await engine.execute(del(engine.tableOf(Project)).where(engine.tableOf(Project).c.id.eq(project.id)));

    loadedUser.name = "Renamed ghost";
    await expectStrataError(session.commit(), StaleDataError, "STALE_DATA", "User", "deleted");
    await session.rollback();
    expect(loadedUser.name).toBe("Ghost");

    session.delete(loadedProject);
    await expectStrataError(session.commit(), StaleDataError, "STALE_DATA", "Project", "already deleted");
    await session.rollback();
    expect((await rowsOf(engine, "users")).some((r) => r.id === user.id)).toBe(false);
  });

  it("a DELETE of a versioned row someone else changed is an OptimisticLockError, and the row stays", async () => {
    const member = Object.assign(new Member(), { email: "deleted-late@x" });
    {
      await using session = new Session(engine);
      session.add(member);
      await session.commit();
    }
    await using mine = new Session(engine);
    const loaded = await mine.getOrFail(Member, member.id);
    await mine.commit();
    {
      await using theirs = new Session(engine);
      (await theirs.getOrFail(Member, member.id)).points = 3;
      await theirs.commit();
    }
    mine.delete(loaded);
    await expectStrataError(mine.commit(), OptimisticLockError, "OPTIMISTIC_LOCK", "Member");
    await mine.rollback();
    expect(await mine.get(Member, member.id)).toBe(loaded);
    expect((await rowsOf(engine, "members")).find((r) => r.id === member.id)).toMatchObject({ points: 3 });
  });

  it("DELETEs versioned rows in one statement, and one of them changed or deleted by someone else is an OptimisticLockError", async () => {
    const members = ["a", "b", "c"].map((n) => Object.assign(new Member(), { email: `batch-${n}@x` }));
    {
      await using session = new Session(engine);
      session.addAll(members);
      await session.commit();
    }
    const ids = members.map((m) => m.id);
    const stored = async () => (await rowsOf(engine, "members")).filter((r) => ids.includes(r.id as number));

    await using mine = new Session(engine);
    const loaded = [];
    for (const id of ids) loaded.push(await mine.getOrFail(Member, id));
    await mine.commit();
    {
      await using theirs = new Session(engine);
      (await theirs.getOrFail(Member, ids[1])).points = 5;
      await theirs.commit();
    }
    for (const m of loaded) mine.delete(m);
    await expectStrataError(mine.commit(), OptimisticLockError, "OPTIMISTIC_LOCK", `Member (id=${ids[1]}) was changed`, "version 2");
    await mine.rollback();
    expect((await stored()).map((r) => r.points)).toEqual([0, 5, 0]);
    expect(await mine.get(Member, ids[0])).toBe(loaded[0]);

    await engine.execute(del(engine.tableOf(Member)).where(engine.tableOf(Member).c.id.eq(ids[2])));
    await mine.refresh(loaded[1]);
    for (const m of loaded) mine.delete(m);
    await expectStrataError(mine.commit(), OptimisticLockError, "OPTIMISTIC_LOCK", "removed 2", "deleted by someone else");
    await mine.rollback();
    expect(await stored()).toHaveLength(2);

    await using again = new Session(engine);
    for (const m of await again.find(Member, { where: { id: inArray(ids) } })) again.delete(m);
    await again.commit();
    expect(await stored()).toEqual([]);
  });

  it("refuses a second flush or commit while one is running on the same session, and the first still completes", async () => {
    await using session = new Session(engine);
    const counter = Object.assign(new Counter(), { name: "busy", value: 1 });
    session.add(counter);
    const first = session.flush();
    await expectStrataError(session.flush(), UsageError, "USAGE_ERROR", "already running flush()", "one session per task");
    await expectStrataError(session.commit(), UsageError, "USAGE_ERROR", "already running flush()");
    await expectStrataError(session.rollback(), UsageError, "USAGE_ERROR", "running flush()");
    await first;
    await session.commit();
    expect((await rowsOf(engine, "counters", "name")).find((r) => r.name === "busy")).toMatchObject({ value: 1, version: 1 });
  });
});
