import {
  ConnectionError,
  type EchoEvent,
  type Engine,
  ForeignKeyViolationError,
  RelationNotLoadedError,
  Session,
  SessionStateError,
  sql,
  UniqueViolationError,
} from "../../lib";
import { Award, Badge, Counter, flushEntities, Member, Team } from "../fixtures/flush-models";
import { withMysqlAdmin } from "../support/admin";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { rowsOf } from "./support/rows";
import { dataStatements, statementsOn } from "./support/statements";
import { seedTeam, type TeamSeed } from "./support/team-seed";

const TABLES = ["member_badges", "awards", "members", "teams", "badges", "counters"];

/** Committed rows every test starts from (seedTeam). */
const seed = (engine: Engine) => seedTeam(engine, TABLES);

/** A new team whose name is taken by the seeded one: its INSERT is a unique violation. */
function clashingTeam(): Team {
  return Object.assign(new Team(), { name: "Base" });
}

/** A new badge whose code is taken by a seeded one. */
function clashingBadge(): Badge {
  return Object.assign(new Badge(), { code: "silver" });
}

async function teamNames(engine: Engine): Promise<string[]> {
  return (await rowsOf(engine, "teams")).map((t) => t.name as string).sort();
}

async function emailsById(engine: Engine): Promise<Record<number, string>> {
  return Object.fromEntries((await rowsOf(engine, "members")).map((m) => [m.id, m.email]));
}

describeEachDialect("savepoints", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  let base: TeamSeed;
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: flushEntities }));
    await engine.createAll();
  });
  beforeEach(async () => {
    base = await seed(engine);
  });

  it("keeps the outer transaction's work when a flush inside session.transaction() hits a unique violation, and commits it", async () => {
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);
    const outer = session.add(Object.assign(new Team(), { name: "Outer" }));
    a.email = "a@outer";
    await session.flush();

    const error = await expectStrataError(
      session.transaction(async (s) => {
        s.add(clashingTeam());
        await s.flush();
      }),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
    expect(error.cause).toBeDefined();

    // The session goes on in the same transaction: no SessionStateError, the outer objects as flushed.
    expect(session.inTransaction).toBe(true);
    expect(await session.get(Team, outer.id)).toBe(outer);
    expect(await session.query(Team).count()).toBe(2);
    expect(a.email).toBe("a@outer");
    await session.commit();

    expect(await teamNames(engine)).toEqual(["Base", "Outer"]);
    expect((await emailsById(engine))[base.aId]).toBe("a@outer");
  });

  it("gives objects changed inside the scope their values from before it, so the next flush does not UPDATE them", async () => {
    await using session = new Session(engine);
    const team = await session.getOrFail(Team, base.teamId);
    const a = await session.getOrFail(Member, base.aId);
    a.email = "a@outer";
    await session.flush();
    const before = { version: a.version, updatedAt: team.updatedAt.getTime() };

    await expectStrataError(
      session.transaction(async (s) => {
        a.email = "a@inner";
        a.points = 7;
        team.name = "Renamed inside";
        // Written inside the savepoint: the snapshots now hold these values.
        await s.flush();
        expect(a.version).toBe(before.version + 1);
        s.add(clashingBadge());
        team.name = "Renamed again";
        await s.flush();
      }),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );

    expect([a.email, a.points, a.version]).toEqual(["a@outer", 0, before.version]);
    expect([team.name, team.updatedAt.getTime()]).toEqual(["Base", before.updatedAt]);
    expect(session.uow.stateOf(a)?.status).toBe("managed");

    // Nothing changed since the savepoint began: the commit writes nothing.
    statements.length = 0;
    await session.commit();
    expect(statementsOn(statements, "UPDATE", "members")).toEqual([]);
    expect(statementsOn(statements, "UPDATE", "teams")).toEqual([]);
    expect(await teamNames(engine)).toEqual(["Base"]);
    const member = (await rowsOf(engine, "members")).find((m) => m.id === base.aId);
    expect([member?.email, member?.points, member?.version]).toEqual(["a@outer", 0, before.version]);

    // And what changes now is written: the snapshots are what the database holds.
    a.email = "a@inner";
    team.name = "Renamed inside";
    await session.commit();
    expect((await emailsById(engine))[base.aId]).toBe("a@inner");
    expect(await teamNames(engine)).toEqual(["Renamed inside"]);
  });

  it("brings back an object deleted inside the scope, mapped again and deletable later", async () => {
    await using session = new Session(engine);
    const bronze = await session.getOrFail(Badge, base.bronzeId);
    await expectStrataError(
      session.transaction(async (s) => {
        s.delete(bronze);
        await s.flush();
        expect(await s.get(Badge, base.bronzeId)).toBeUndefined();
        s.add(clashingTeam());
        // The failing flush is the autoflush of a query.
        await s.query(Team).count();
      }),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );

    expect(session.uow.stateOf(bronze)?.status).toBe("managed");
    expect(await session.get(Badge, base.bronzeId)).toBe(bronze);
    expect(await session.query(Badge).count()).toBe(2);
    await session.commit();
    expect((await rowsOf(engine, "badges")).map((b) => b.code)).toEqual(["silver", "bronze"]);

    session.delete(bronze);
    await session.commit();
    expect((await rowsOf(engine, "badges")).map((b) => b.code)).toEqual(["silver"]);
  });

  it("forgets objects added inside the scope, inserted or still new: the commit does not insert them", async () => {
    await using session = new Session(engine);
    const inner = Object.assign(new Team(), { name: "Inner" });
    const joiner = Object.assign(new Member(), { email: "joiner@inner", team: inner });
    const pending = Object.assign(new Team(), { name: "Pending" });
    let innerId: number | undefined;
    await expectStrataError(
      session.transaction(async (s) => {
        s.addAll([inner, joiner]);
        await s.flush();
        innerId = inner.id;
        s.add(pending);
        s.add(clashingBadge());
        await s.flush();
      }),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );

    expect(typeof innerId).toBe("number");
    for (const o of [inner, joiner, pending]) expect(session.uow.stateOf(o)).toBeUndefined();
    // The values the flush filled in are gone again; what the application set stays.
    expect([inner.id, inner.createdAt, joiner.id, joiner.version]).toEqual([undefined, undefined, undefined, undefined]);
    expect(joiner.team).toBe(inner);
    // Not in the identity map: a get() reads the (rolled back) row.
    expect(await session.get(Team, innerId)).toBeUndefined();

    statements.length = 0;
    await session.commit();
    expect(dataStatements(statements).filter((e) => /^INSERT/.test(e.sql))).toEqual([]);
    expect(await teamNames(engine)).toEqual(["Base"]);
    expect(Object.values(await emailsById(engine)).sort()).toEqual(["a@base", "b@base"]);
  });

  it("puts an object loaded inside the scope and changed by a flush there back to its loaded values, still tracked", async () => {
    await using session = new Session(engine);
    await session.flush();
    let b: Member | undefined;
    await expectStrataError(
      session.transaction(async (s) => {
        b = await s.getOrFail(Member, base.bId);
        b.email = "b@inner";
        await s.flush();
        s.add(clashingTeam());
        await s.flush();
      }),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
    const loaded = b as Member;
    expect(loaded.email).toBe("b@base");
    expect(session.uow.stateOf(loaded)?.status).toBe("managed");
    expect(await session.get(Member, base.bId)).toBe(loaded);

    statements.length = 0;
    await session.commit();
    expect(statementsOn(statements, "UPDATE", "members")).toEqual([]);
    loaded.email = "b@after";
    await session.commit();
    expect((await emailsById(engine))[base.bId]).toBe("b@after");
  });

  it("restores memory the same way when fn throws a plain error, and the later commit writes what the application changes again", async () => {
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);
    const inner = Object.assign(new Team(), { name: "Inner" });
    const failure = new Error("the application gave up");
    await expect(
      session.transaction(async (s) => {
        a.email = "a@inner";
        s.add(inner);
        await s.flush();
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(a.email).toBe("a@base");
    expect(session.uow.stateOf(inner)).toBeUndefined();
    expect(inner.id).toBeUndefined();
    // The same value as inside the rolled-back savepoint: it must be written now.
    a.email = "a@inner";
    await session.commit();
    expect((await emailsById(engine))[base.aId]).toBe("a@inner");
    expect(await teamNames(engine)).toEqual(["Base"]);
  });

  it("gives back the old primary key of an object whose key a flush inside the scope changed, in the object and the identity map", async () => {
    await engine.transaction(async (s) => s.add(Object.assign(new Counter(), { name: "first", value: 1 })));
    await using session = new Session(engine);
    const counter = await session.getOrFail(Counter, "first");
    await expect(
      session.transaction(async (s) => {
        counter.name = "renamed";
        counter.value = 2;
        await s.flush();
        expect(await s.get(Counter, "renamed")).toBe(counter);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");

    expect([counter.name, counter.value]).toEqual(["first", 1]);
    expect(await session.get(Counter, "first")).toBe(counter);
    expect(await session.get(Counter, "renamed")).toBeUndefined();
    counter.value = 3;
    await session.commit();
    expect((await rowsOf(engine, "counters", "name")).map((c) => [c.name, c.value])).toEqual([["first", 3]]);

    // A full rollback does the same (the object was loaded before the transaction: its key comes from its baseline).
    counter.name = "renamed";
    await session.flush();
    await session.rollback();
    expect(counter.name).toBe("first");
    expect(await session.get(Counter, "first")).toBe(counter);
    expect(await session.get(Counter, "renamed")).toBeUndefined();
  });

  it("restores relations: a collection changed inside is back, one first loaded inside is unloaded", async () => {
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);
    const b = await session.getOrFail(Member, base.bId);
    const silver = await session.getOrFail(Badge, base.silverId);
    await session.load(b, "badges");
    await expect(
      session.transaction(async (s) => {
        b.badges.push(silver);
        await s.load(a, "badges");
        a.badges.push(silver);
        await s.flush();
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");

    expect(b.badges).toEqual([]);
    expect(() => a.badges).toThrow(RelationNotLoadedError);
    statements.length = 0;
    await session.commit();
    expect(statementsOn(statements, "INSERT", "member_badges")).toEqual([]);
    expect(await rowsOf(engine, "member_badges", "member_id, badge_id")).toEqual([]);

    // Loaded again, the relation is what the database holds, and a change to it is written.
    await session.load(a, "badges");
    expect(a.badges).toEqual([]);
    b.badges.push(silver);
    await session.commit();
    expect(await rowsOf(engine, "member_badges", "member_id, badge_id")).toEqual([{ member_id: base.bId, badge_id: base.silverId }]);
  });

  it("rolls back only the innermost of nested savepoints when a flush fails there: the middle level's work goes on", async () => {
    await using session = new Session(engine);
    session.add(Object.assign(new Team(), { name: "Outer" }));
    await session.flush();
    await session.transaction(async (s) => {
      const middle = s.add(Object.assign(new Team(), { name: "Middle" }));
      await s.flush();
      await expectStrataError(
        s.transaction(async (s2) => {
          s2.add(Object.assign(new Team(), { name: "Inner" }));
          middle.name = "Middle renamed inside";
          s2.add(clashingTeam());
          await s2.flush();
        }),
        UniqueViolationError,
        "UNIQUE_VIOLATION",
      );
      expect(middle.name).toBe("Middle");
      s.add(Object.assign(new Team(), { name: "Middle 2" }));
    });
    await session.commit();
    expect(await teamNames(engine)).toEqual(["Base", "Middle", "Middle 2", "Outer"]);
  });

  it("rolls back inner savepoints still open with an outer one, and a released inner savepoint's work with its outer one", async () => {
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);

    const outer = await session.beginNested();
    const kept = session.add(Object.assign(new Team(), { name: "Released inner" }));
    a.email = "a@outer-savepoint";
    const released = await session.beginNested();
    a.points = 3;
    await released.commit();
    const open = await session.beginNested();
    const lost = session.add(Object.assign(new Team(), { name: "Open inner" }));
    await session.flush();
    await outer.rollback();

    expect([a.email, a.points]).toEqual(["a@base", 0]);
    for (const o of [kept, lost]) expect(session.uow.stateOf(o)).toBeUndefined();
    await expectStrataError(open.commit(), SessionStateError, "SESSION_STATE", "rolled back with an enclosing savepoint");
    await open.rollback();
    await session.commit();
    expect(await teamNames(engine)).toEqual(["Base"]);
    const member = (await rowsOf(engine, "members")).find((m) => m.id === base.aId);
    expect([member?.email, member?.points]).toEqual(["a@base", 0]);
  });

  it("rolls back a beginNested() savepoint on its own when a flush inside fails: its commit() then throws, its rollback() does nothing", async () => {
    await using session = new Session(engine);
    session.add(Object.assign(new Team(), { name: "Before" }));
    const savepoint = await session.beginNested();
    session.add(clashingTeam());
    await expectStrataError(session.flush(), UniqueViolationError, "UNIQUE_VIOLATION");

    await expectStrataError(savepoint.commit(), SessionStateError, "SESSION_STATE", "savepoint was rolled back", "flush", "again");
    await savepoint.rollback();
    // The session itself goes on.
    session.add(Object.assign(new Team(), { name: "After" }));
    await session.commit();
    expect(await teamNames(engine)).toEqual(["After", "Base", "Before"]);
  });

  it("rolls back to the savepoint on a foreign-key violation inside it: the row stays, the outer work commits", async () => {
    // An award the session does not know of keeps bronze from being deleted (ON DELETE RESTRICT).
    const award = await engine.transaction(async (s) =>
      s.add(Object.assign(new Award(), { reason: "keeps bronze", badge: await s.getOrFail(Badge, base.bronzeId) })),
    );
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);
    a.email = "a@outer";
    await session.flush();
    const bronze = await session.getOrFail(Badge, base.bronzeId);
    await expectStrataError(
      // The DELETE runs in the flush of the savepoint's commit.
      session.transaction(async (s) => s.delete(bronze)),
      ForeignKeyViolationError,
      "FOREIGN_KEY_VIOLATION",
    );
    expect(session.uow.stateOf(bronze)?.status).toBe("managed");
    expect(await session.get(Badge, base.bronzeId)).toBe(bronze);
    await session.commit();
    expect((await rowsOf(engine, "badges")).map((b) => b.code)).toEqual(["silver", "bronze"]);
    expect((await rowsOf(engine, "awards")).map((r) => [r.id, r.reason, r.badge_id])).toEqual([[award.id, "keeps bronze", base.bronzeId]]);
    expect((await emailsById(engine))[base.aId]).toBe("a@outer");
  });

  it("still rolls back the whole transaction when a flush fails once no savepoint is open: rollback() is needed", async () => {
    await using session = new Session(engine);
    const a = await session.getOrFail(Member, base.aId);
    a.email = "a@lost";
    await session.flush();
    // One savepoint released, one rolled back by an error: neither is open any more.
    await session.transaction(async () => undefined);
    await expectStrataError(
      session.transaction(async (s) => s.add(clashingTeam())),
      UniqueViolationError,
      "UNIQUE_VIOLATION",
    );
    session.add(clashingTeam());
    await expectStrataError(session.flush(), UniqueViolationError, "UNIQUE_VIOLATION");
    await expectStrataError(session.query(Team).count(), SessionStateError, "SESSION_STATE", "rollback()");
    await session.rollback();
    expect(a.email).toBe("a@base");
    session.add(Object.assign(new Team(), { name: "After" }));
    await session.commit();
    expect(await teamNames(engine)).toEqual(["After", "Base"]);
    expect((await emailsById(engine))[base.aId]).toBe("a@base");
  });

  it("rolls back the whole transaction when ROLLBACK TO SAVEPOINT fails (the transaction was ended behind the session's back)", async () => {
    await using session = new Session(engine);
    session.add(Object.assign(new Team(), { name: "Outer" }));
    await session.flush();
    const savepoint = await session.beginNested();
    await session.execute(sql.unsafe("ROLLBACK"));
    session.add(clashingTeam());
    // The flush's own error comes out; the savepoint it would roll back to is gone, so the whole transaction ends.
    await expectStrataError(session.flush(), UniqueViolationError, "UNIQUE_VIOLATION");
    await expectStrataError(session.query(Team).count(), SessionStateError, "SESSION_STATE", "Unique", "rollback()");
    await expectStrataError(savepoint.commit(), SessionStateError, "SESSION_STATE", "with the whole transaction");
    await savepoint.rollback();
    await session.rollback();
    session.add(Object.assign(new Team(), { name: "After" }));
    await session.commit();
    expect(await teamNames(engine)).toEqual(["After", "Base"]);
  });

  // MySQL only: on PostgreSQL the pg client emits an unhandled 'error' event when its backend is terminated mid-transaction
  // (the driver layer does not listen for it on a leased connection), and SQLite has no server connection to lose.
  if (db.dialect === "mysql") {
    it("rolls back the whole transaction when the connection is lost during a flush inside a savepoint: rollback() is needed", async () => {
      await using session = new Session(engine);
      session.add(Object.assign(new Team(), { name: "Outer" }));
      await session.flush();
      const savepoint = await session.beginNested();
      const id = Number((await session.execute(sql.unsafe<{ id: unknown }>("SELECT CONNECTION_ID() AS id"))).all()[0].id);
      await withMysqlAdmin((admin) => admin.query(`KILL ${id}`));
      session.add(Object.assign(new Team(), { name: "Inner" }));
      await expectStrataError(session.flush(), ConnectionError, "CONNECTION_ERROR");
      await expectStrataError(session.flush(), SessionStateError, "SESSION_STATE", "rollback()");
      await expectStrataError(savepoint.commit(), SessionStateError, "SESSION_STATE", "with the whole transaction");
      await session.rollback();
      session.add(Object.assign(new Team(), { name: "After" }));
      await session.commit();
      expect(await teamNames(engine)).toEqual(["After", "Base"]);
    });
  }
});
