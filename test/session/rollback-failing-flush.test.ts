import { type EchoEvent, type Engine, ForeignKeyViolationError, insert, Session, SessionStateError, UniqueViolationError } from "../../lib";
import { Award, Badge, flushEntities, Member, Team } from "../fixtures/flush-models";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";
import { emptyTables } from "./support/reset";
import { rowsOf } from "./support/rows";
import { dataStatements } from "./support/statements";
import { seedTeam, type TeamSeed } from "./support/team-seed";

const TABLES = ["member_badges", "awards", "members", "teams", "badges"];

type Row = Record<string, unknown>;

/** The rows of every table, to compare the database before and after a flush. */
async function everything(engine: Engine): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const table of TABLES) out[table] = await rowsOf(engine, table, table === "member_badges" ? "member_id, badge_id" : "id");
  return out;
}

/** Committed rows every test starts from (seedTeam). */
const seedBase = (engine: Engine) => seedTeam(engine, TABLES);

/** What the session holds before the flush: loaded objects (changed) and new ones. */
interface Scenario {
  session: Session;
  team: Team;
  a: Member;
  b: Member;
  silver: Badge;
  bronze: Badge;
  root: Team;
  sub: Team;
  newMembers: Member[];
}

function newObjects(): Pick<Scenario, "root" | "sub" | "newMembers"> {
  const root = Object.assign(new Team(), { name: "New root" });
  const sub = Object.assign(new Team(), { name: "New sub", parent: root });
  const newMembers = ["new1@x", "new2@x"].map((email) => Object.assign(new Member(), { email, team: sub }));
  return { root, sub, newMembers };
}

/** Apply the changes of the flush under test to the loaded objects. */
function change(s: Pick<Scenario, "session" | "team" | "a" | "b" | "silver" | "bronze" | "root" | "sub" | "newMembers">): void {
  s.session.addAll([s.root, s.sub, ...s.newMembers]);
  s.a.email = "a2@base";
  s.team.name = "Base renamed";
  s.b.badges.push(s.silver);
  s.session.delete(s.bronze);
}

/**
 * Load the objects the flush under test changes, then commit, so that rows
 * can be injected behind the session's back (SQLite has one connection,
 * which the session holds while its transaction is open). The objects stay
 * tracked with their loaded values.
 */
async function load(engine: Engine, base: TeamSeed): Promise<Scenario> {
  const session = new Session(engine);
  const team = await session.getOrFail(Team, base.teamId);
  const a = await session.getOrFail(Member, base.aId);
  const b = await session.getOrFail(Member, base.bId);
  await session.load(b, "badges");
  const silver = await session.getOrFail(Badge, base.silverId);
  const bronze = await session.getOrFail(Badge, base.bronzeId);
  await session.commit();
  return { session, team, a, b, silver, bronze, ...newObjects() };
}

function stamps(): { createdAt: Date; updatedAt: Date } {
  return { createdAt: new Date(), updatedAt: new Date() };
}

/** For each statement of the flush: the row that, inserted beforehand, makes that statement (and only it) fail. */
const injections: {
  readonly statement: RegExp;
  readonly error: typeof UniqueViolationError | typeof ForeignKeyViolationError;
  inject(engine: Engine, base: TeamSeed): Promise<void>;
}[] = [
  {
    statement: /^INSERT INTO ["`]teams["`]/,
    error: UniqueViolationError,
    inject: (engine) => engine.execute(insert(engine.tableOf(Team)).values({ name: "New root", ...stamps() })).then(() => undefined),
  },
  {
    statement: /^INSERT INTO ["`]teams["`]/,
    error: UniqueViolationError,
    inject: (engine) => engine.execute(insert(engine.tableOf(Team)).values({ name: "New sub", ...stamps() })).then(() => undefined),
  },
  {
    statement: /^INSERT INTO ["`]members["`]/,
    error: UniqueViolationError,
    inject: (engine) =>
      engine.execute(insert(engine.tableOf(Member)).values({ email: "new2@x", points: 0, version: 1 })).then(() => undefined),
  },
  {
    statement: /^UPDATE ["`]teams["`]/,
    error: UniqueViolationError,
    inject: (engine) => engine.execute(insert(engine.tableOf(Team)).values({ name: "Base renamed", ...stamps() })).then(() => undefined),
  },
  {
    statement: /^UPDATE ["`]members["`]/,
    error: UniqueViolationError,
    inject: (engine) =>
      engine.execute(insert(engine.tableOf(Member)).values({ email: "a2@base", points: 0, version: 1 })).then(() => undefined),
  },
  {
    statement: /^INSERT INTO ["`]member_badges["`]/,
    error: UniqueViolationError,
    inject: async (engine, base) => {
      await using s = new Session(engine);
      const b = await s.getOrFail(Member, base.bId);
      await s.load(b, "badges");
      b.badges.push(await s.getOrFail(Badge, base.silverId));
      await s.commit();
    },
  },
  {
    statement: /^DELETE FROM ["`]badges["`]/,
    error: ForeignKeyViolationError,
    inject: async (engine, base) => {
      await using s = new Session(engine);
      s.add(Object.assign(new Award(), { reason: "keeps bronze", badge: await s.getOrFail(Badge, base.bronzeId) }));
      await s.commit();
    },
  },
];

describeEachDialect("rollback of a failing flush", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: flushEntities }));
    await engine.createAll();
  });

  it("runs the flush under test as seven statements, one per injection point", async () => {
    const base = await seedBase(engine);
    const s = await load(engine, base);
    await using session = s.session;
    change(s);
    statements.length = 0;
    await session.flush();
    const flushStatements = dataStatements(statements).map((e) => e.sql);
    expect(flushStatements).toHaveLength(injections.length);
    // Statement k is the one injection k makes fail.
    for (const [k, inj] of injections.entries()) expect(flushStatements[k]).toMatch(inj.statement);
    await session.rollback();
  });

  for (const [k, injection] of injections.entries()) {
    it(`leaves nothing in the database when statement ${k + 1} (${injection.statement.source}) fails, restores the objects on rollback(), then commits`, async () => {
      const base = await seedBase(engine);
      const s = await load(engine, base);
      await using session = s.session;
      await injection.inject(engine, base);
      const before = await everything(engine);
      change(s);
      const teamUpdatedAt = s.team.updatedAt;
      const aVersion = s.a.version;
      statements.length = 0;
      const error = await expectStrataError(session.flush(), injection.error, new injection.error("").code);
      expect(error.cause).toBeDefined();

      // The failing statement is the one targeted, after every statement before it succeeded.
      const run = dataStatements(statements);
      const failed = run.filter((e) => e.error !== undefined);
      expect(failed).toHaveLength(1);
      expect(failed[0].sql).toMatch(injection.statement);
      expect(run.at(-1)).toBe(failed[0]);

      // Nothing of the flush is in the database.
      expect(await everything(engine)).toEqual(before);

      // The session refuses work until rollback().
      await expectStrataError(session.flush(), SessionStateError, "SESSION_STATE", "rollback()");
      await session.rollback();

      // Objects hold their pre-flush values.
      for (const o of [s.root, s.sub, ...s.newMembers]) {
        expect(o.id).toBeUndefined();
        expect(session.uow.stateOf(o)).toBeUndefined();
      }
      expect(s.root.createdAt).toBeUndefined();
      expect(s.sub.parent).toBe(s.root);
      for (const m of s.newMembers) {
        expect(m.version).toBeUndefined();
        expect(m.points).toBeUndefined();
        expect(m.team).toBe(s.sub);
      }
      expect(s.a.email).toBe("a@base");
      expect(s.a.version).toBe(aVersion);
      expect(s.team.name).toBe("Base");
      expect(s.team.updatedAt).toEqual(teamUpdatedAt);
      expect(s.b.badges).toEqual([]);
      expect(session.uow.stateOf(s.bronze)?.status).toBe("managed");
      expect(await session.get(Badge, base.bronzeId)).toBe(s.bronze);
      expect(await session.get(Member, base.aId)).toBe(s.a);

      // The session goes on: with the conflict gone, the same changes commit.
      await session.rollback();
      await removeInjected(engine, base);
      const again = { ...s, ...newObjects() };
      change(again);
      await session.commit();
      const teams = await rowsOf(engine, "teams");
      expect(teams.map((t) => t.name).sort()).toEqual(["Base renamed", "New root", "New sub"]);
      expect(teams.find((t) => t.name === "New sub")?.parent_id).toBe(again.root.id);
      const members = await rowsOf(engine, "members");
      expect(members.map((m) => m.email).sort()).toEqual(["a2@base", "b@base", "new1@x", "new2@x"]);
      expect(members.filter((m) => m.team_id === again.sub.id).map((m) => m.id)).toEqual(again.newMembers.map((m) => m.id));
      expect(await rowsOf(engine, "member_badges", "member_id, badge_id")).toEqual([{ member_id: base.bId, badge_id: base.silverId }]);
      expect((await rowsOf(engine, "badges")).map((b) => b.code)).toEqual(["silver"]);
    });
  }

  /** Undo every injection: the rows they added behind the session's back. */
  async function removeInjected(e: Engine, base: TeamSeed): Promise<void> {
    await using s = new Session(e);
    for (const t of await s.find(Team, {})) if (t.id !== base.teamId) s.delete(t);
    for (const m of await s.find(Member, {})) if (m.id !== base.aId && m.id !== base.bId) s.delete(m);
    for (const a of await s.find(Award, {})) s.delete(a);
    const b = await s.getOrFail(Member, base.bId);
    await s.load(b, "badges");
    b.badges = [];
    await s.commit();
  }
});

describeEachDialect("rollback of a failing flush: new objects get back the values the application gave them", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    ({ engine } = db.recordingEngine({ entities: flushEntities }));
    await engine.createAll();
  });

  it("whether the flush filled an unset property, kept a set one, or replaced a null or a value", async () => {
    await emptyTables(engine, TABLES);
    // A committed team whose name makes the new teams' INSERT fail.
    await engine.execute(insert(engine.tableOf(Team)).values({ name: "Taken", ...stamps() }));
    const backdatedAt = new Date("2020-02-03T04:05:06Z");
    const chosenUpdatedAt = new Date("2021-01-01T00:00:00Z");
    const plain = Object.assign(new Team(), { name: "Plain" });
    const backdated = Object.assign(new Team(), { name: "Backdated", createdAt: backdatedAt });
    const stamped = Object.assign(new Team(), { name: "Stamped", updatedAt: chosenUpdatedAt });
    const nulled = Object.assign(new Team(), { name: "Taken", createdAt: null as unknown as Date });
    const teams = [plain, backdated, stamped, nulled];

    await using session = new Session(engine);
    session.addAll(teams);
    await expectStrataError(session.flush(), UniqueViolationError, "UNIQUE_VIOLATION");
    await session.rollback();

    expect(teams.map((t) => t.id)).toEqual([undefined, undefined, undefined, undefined]);
    expect([plain.createdAt, plain.updatedAt]).toEqual([undefined, undefined]);
    expect(backdated.createdAt).toBe(backdatedAt);
    expect(backdated.updatedAt).toBeUndefined();
    expect(stamped.createdAt).toBeUndefined();
    expect(stamped.updatedAt).toBe(chosenUpdatedAt);
    expect(nulled.createdAt).toBeNull();
    expect(nulled.updatedAt).toBeUndefined();

    // Added again under a free name, the same objects commit: set values are kept, the rest is filled.
    nulled.name = "Free";
    session.addAll(teams);
    await session.commit();
    const rows = await rowsOf(engine, "teams");
    expect(rows.map((r) => r.name).sort()).toEqual(["Backdated", "Free", "Plain", "Stamped", "Taken"]);
    await using reader = new Session(engine);
    expect((await reader.getOrFail(Team, backdated.id)).createdAt.getTime()).toBe(backdatedAt.getTime());
    for (const team of [plain, stamped, nulled]) {
      expect(team.createdAt).toBeInstanceOf(Date);
      expect(team.createdAt.getTime()).toBeGreaterThan(backdatedAt.getTime());
    }
    // updated-at is the flush's time on INSERT, whatever the object held.
    expect(stamped.updatedAt.getTime()).toBeGreaterThan(chosenUpdatedAt.getTime());
  });
});
