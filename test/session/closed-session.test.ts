import { Column, type Engine, PrimaryKey, Session, select, sql, Table, UsageError } from "../../lib";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

@Table("closed_notes")
class Note {
  @PrimaryKey() id!: number;
  @Column({ length: 40 }) title!: string;
}

describeEachDialect("a closed session", (db) => {
  let engine: Engine;
  let closed: Session;

  beforeAll(async () => {
    engine = db.engine({ entities: [Note] });
    await engine.createAll();
    closed = new Session(engine);
    await closed.close();
  });

  /** Every operation, as called, and the method its message must name. */
  const calls: [string, (s: Session) => unknown][] = [
    ["count", (s) => s.query(Note).count()],
    ["count", (s) => s.repository(Note).count()],
    ["exists", (s) => s.query(Note).exists()],
    ["get", (s) => s.get(Note, 1)],
    ["get", (s) => s.getOrFail(Note, 1)],
    ["find", (s) => s.find(Note)],
    ["findOne", (s) => s.findOne(Note)],
    ["flush", (s) => s.flush()],
    ["commit", (s) => s.commit()],
    ["execute", (s) => s.execute(sql`SELECT 1`)],
    ["scalars", (s) => s.scalars(select(s.engine.tableOf(Note)))],
    ["add", (s) => s.add(Object.assign(new Note(), { title: "x" }))],
    ["begin", (s) => s.begin()],
    ["transaction", (s) => s.transaction(async () => undefined)],
    ["beginNested", (s) => s.beginNested()],
    ["refresh", (s) => s.refresh(Object.assign(new Note(), { id: 1, title: "x" }))],
    ["addAll", (s) => s.addAll([Object.assign(new Note(), { title: "x" })])],
    ["delete", (s) => s.delete(Object.assign(new Note(), { id: 1, title: "x" }))],
  ];

  it.each(calls)("%s() on it says that %s() needs a new Session", async (method, call) => {
    await expectStrataError(
      async () => call(closed),
      UsageError,
      "USAGE_ERROR",
      `This session is closed; ${method}() needs a new Session.`,
    );
  });
});
