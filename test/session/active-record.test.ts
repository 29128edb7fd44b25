import {
  BaseEntity,
  type EchoEvent,
  type Engine,
  InvalidValueError,
  NotFoundError,
  OptimisticLockError,
  select,
  tableOf,
  UsageError,
} from "../../lib";
import { Note } from "../fixtures/notes/note";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

describeEachDialect("Active Record", (db) => {
  let engine: Engine;
  let statements: EchoEvent[];
  const writes = () => statements.filter((s) => /^\s*(INSERT|UPDATE|DELETE)/i.test(s.sql));

  beforeAll(async () => {
    ({ engine, statements } = db.recordingEngine({ entities: [Note] }));
    await engine.createAll();
    BaseEntity.useEngine(engine);
  });

  it("creates, saves, finds, counts and removes as API.md shows", async () => {
    const n = Note.create({ text: "hi" });
    expect(n).toBeInstanceOf(Note);
    await n.save();
    expect(n.id).toEqual(expect.any(Number));
    const found = await Note.find({ where: { text: "hi" } });
    expect(found.map((f) => f.id)).toEqual([n.id]);
    expect(found[0].shout()).toBe("HI");
    expect(await Note.count({ text: "hi" })).toBe(1);
    await n.remove();
    expect(await Note.count({ text: "hi" })).toBe(0);
    expect(await Note.get(n.id)).toBeUndefined();
  });

  it("saves only what changed since the last save, across calls", async () => {
    const n = await Note.create({ text: "draft" }).save();
    const loaded = await Note.getOrFail(n.id);
    statements.length = 0;
    loaded.views = 5;
    await loaded.save();
    expect(writes()).toHaveLength(1);
    expect(writes()[0].sql).toMatch(/^UPDATE "?`?notes"?`? SET "?`?views"?`? = .*, "?`?version"?`? = /);
    expect(writes()[0].sql).not.toMatch(/text/);
    statements.length = 0;
    await loaded.save();
    expect(writes()).toHaveLength(0);
    const again = await Note.getOrFail(n.id);
    expect([again.views, again.version]).toEqual([5, 2]);
  });

  it("refuses a stale save instead of overwriting", async () => {
    const n = await Note.create({ text: "shared" }).save();
    const a = await Note.getOrFail(n.id);
    const b = await Note.getOrFail(n.id);
    a.views = 1;
    await a.save();
    b.views = 2;
    await expectStrataError(b.save(), OptimisticLockError, "OPTIMISTIC_LOCK");
    expect((await Note.getOrFail(n.id)).views).toBe(1);
    await b.reload();
    expect([b.views, b.version]).toEqual([1, 2]);
    b.views = 2;
    await b.save();
    expect((await Note.getOrFail(n.id)).views).toBe(2);
  });

  it("joins the enclosing engine.transaction: all or nothing", async () => {
    await expect(
      engine.transaction(async () => {
        await Note.create({ text: "inside" }).save();
        expect(await Note.count({ text: "inside" })).toBe(1);
        throw new Error("undo everything");
      }),
    ).rejects.toThrow("undo everything");
    expect(await Note.count({ text: "inside" })).toBe(0);
    await engine.transaction(async (session) => {
      const n = await Note.create({ text: "kept" }).save();
      expect(await session.get(Note, n.id)).toBe(n);
    });
    expect(await Note.count({ text: "kept" })).toBe(1);
  });

  it("create() from JSON with a __proto__ key still makes a Note that saves, with only mapped values in its row", async () => {
    const payload = JSON.parse('{"text": "from json", "views": 3, "__proto__": {"text": "proto", "save": null}, "isAdmin": true}');
    const n = Note.create(payload);
    expect(n).toBeInstanceOf(Note);
    expect(Object.getPrototypeOf(n)).toBe(Note.prototype);
    expect(Object.hasOwn(n, "__proto__")).toBe(false);
    expect("isAdmin" in n).toBe(false);
    await n.save();
    expect(n.id).toEqual(expect.any(Number));
    const notes = tableOf(Note);
    const row = (await engine.execute(select(notes).where(notes.c.id.eq(n.id)))).one();
    expect(row).toStrictEqual({ id: n.id, text: "from json", views: 3, version: 1 });
    expect((await Note.getOrFail(n.id)).shout()).toBe("FROM JSON");
    await n.remove();
  });

  it("create() ignores constructor, prototype and unknown keys, and refuses values that are not an object", async () => {
    const before = await Note.count();
    const n = Note.create(JSON.parse('{"text": "plain", "constructor": {"name": "Evil"}, "prototype": {"x": 1}, "id2": 5, "shout": "no"}'));
    expect(n.constructor).toBe(Note);
    expect(Object.keys(n).filter((k) => (n as unknown as Record<string, unknown>)[k] !== undefined)).toEqual(["text"]);
    expect(n.shout()).toBe("PLAIN");
    await n.save();
    const notes = tableOf(Note);
    expect((await engine.execute(select(notes.c.text, notes.c.views).where(notes.c.id.eq(n.id)))).one()).toStrictEqual({
      text: "plain",
      views: 0,
    });
    await n.remove();
    for (const bad of [JSON.parse('"text"'), null, 1, [{ text: "x" }]]) {
      await expectStrataError(
        () => Note.create(bad),
        InvalidValueError,
        "INVALID_VALUE",
        "Note.create() takes an object of property values",
      );
    }
    expect(await Note.count()).toBe(before);
  });

  it("says what is wrong on bad calls", async () => {
    await expectStrataError(Note.create({ text: "never saved" }).remove(), UsageError, "USAGE_ERROR", "never saved", "save()");
    await expectStrataError(Note.getOrFail(987654), NotFoundError, "NOT_FOUND", "Note");
    await expectStrataError(Note.find({ where: { text: undefined } }), InvalidValueError, "INVALID_VALUE", "undefined");
    class Loose extends BaseEntity {}
    const saved = BaseEntity as unknown as Record<symbol, unknown>;
    const key = Object.getOwnPropertySymbols(saved)[0];
    const engineBefore = saved[key];
    delete saved[key];
    try {
      await expectStrataError(Note.find(), UsageError, "USAGE_ERROR", "BaseEntity.useEngine(engine)");
    } finally {
      BaseEntity.useEngine(engineBefore as Engine);
    }
    void Loose;
  });
});
