import { instanceToPlain } from "class-transformer";
import { type Engine, insert, isRelationLoaded, RelationNotLoadedError } from "../../lib";
import { loadEntities } from "../../lib/orm";
import { Category, constructedUsers, Document, seedEntities, Task, User } from "../fixtures/seed-models";
import { describeEachDialect } from "../support/test-database";

const createdAt = new Date("1969-07-20T20:17:40.123Z");

describeEachDialect("hydration", (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = db.engine({ entities: seedEntities });
    await engine.createAll();
    await engine.execute(
      insert(engine.tableOf(User)).values([
        { id: 1, name: "Safi", email: "safi@example.com", createdAt },
        { id: 2, name: "Rukhya", email: null, createdAt },
      ]),
    );
    await engine.execute(
      insert(engine.tableOf(Task)).values({ id: 1, title: "Plan", ownerId: 1, tags: ["a", "b"], notes: null, updatedAt: createdAt }),
    );
  });

  const loadAll = <T>(entity: new () => T) => engine.connect((conn) => loadEntities<T>(engine, conn, engine.metadata.get(entity)));

  it("loads rows as real instances of the class without running its constructor", async () => {
    const before = constructedUsers.count;
    const users = await loadAll(User);
    expect(constructedUsers.count).toBe(before);
    expect(users).toHaveLength(2);
    const safi = users.find((u) => u.id === 1) as User;
    expect(safi).toBeInstanceOf(User);
    expect(safi.constructor).toBe(User);
    expect(safi.greet()).toBe("Hi, Safi");
    expect(safi.createdAt).toEqual(createdAt);
    expect(users.find((u) => u.id === 2)?.email).toBeNull();
  });

  it("converts every value through the dialect's type layer", async () => {
    const docs = engine.tableOf(Document);
    await engine.execute(
      insert(docs).values({
        size: 2n ** 63n - 1n,
        score: 0.1,
        price: "123456789.125",
        published: true,
        day: "2024-02-29",
        localTime: new Date("2024-03-10T07:30:00.000Z"),
        at: new Date("2024-11-03T06:00:00.000Z"),
        body: Buffer.from([0, 1, 255]),
        meta: { pages: 3 },
      }),
    );
    const [doc] = await loadAll(Document);
    expect(doc).toBeInstanceOf(Document);
    expect(doc.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc).toMatchObject({
      size: 2n ** 63n - 1n,
      score: 0.1,
      price: "123456789.125",
      published: true,
      day: "2024-02-29",
      localTime: new Date("2024-03-10T07:30:00.000Z"),
      at: new Date("2024-11-03T06:00:00.000Z"),
      body: Buffer.from([0, 1, 255]),
      state: "draft",
      meta: { pages: 3 },
    });
  });

  it("throws RelationNotLoadedError for a relation that was not loaded, never undefined", async () => {
    const [task] = await loadAll(Task);
    expect(task.ownerId).toBe(1);
    expect(() => task.owner).toThrow(RelationNotLoadedError);
    try {
      void task.owner;
    } catch (error) {
      expect((error as RelationNotLoadedError).code).toBe("RELATION_NOT_LOADED");
      expect((error as Error).message).toBe(
        'Task.owner is not loaded. Load it with session.load(task, "owner") or session.query(Task).load("owner"), or set it before reading it.',
      );
    }
    const [user] = await loadAll(User);
    expect(() => user.tasks).toThrow('User.tasks is not loaded. Load it with session.load(user, "tasks")');
    expect(isRelationLoaded(user, "tasks")).toBe(false);
  });

  it("hides unloaded relations and ORM internals from Object.keys, JSON and class-transformer", async () => {
    const [task] = await loadAll(Task);
    const columns = ["id", "title", "status", "notes", "tags", "ownerId", "updatedAt", "version"];
    expect(Object.keys(task)).toEqual(columns);
    expect(Object.keys(JSON.parse(JSON.stringify(task)))).toEqual(columns);
    expect(Object.keys(instanceToPlain(task))).toEqual(columns);
    expect(instanceToPlain(task)).toMatchObject({ title: "Plan", tags: ["a", "b"], notes: null, status: "pending" });
  });

  it("makes a relation readable and visible once it is set", async () => {
    const [task] = await loadAll(Task);
    const [owner] = (await loadAll(User)).filter((u) => u.id === 1);
    task.owner = owner;
    expect(task.owner).toBe(owner);
    expect(isRelationLoaded(task, "owner")).toBe(true);
    expect(Object.keys(task)).toContain("owner");
    expect(JSON.parse(JSON.stringify(task)).owner.name).toBe("Safi");
    const [category] = await engine.connect(async (conn) => {
      await conn.execute(insert(engine.tableOf(Category)).values({ id: 1, name: "root" }));
      return loadEntities<Category>(engine, conn, engine.metadata.get(Category));
    });
    category.children = [];
    expect(category.children).toEqual([]);
    expect(() => category.parent).toThrow(RelationNotLoadedError);
  });

  it("leaves objects made with new as plain objects", () => {
    const user = new User();
    expect(user.tasks).toBeUndefined();
    user.tasks = [];
    expect(user.tasks).toEqual([]);
  });
});
