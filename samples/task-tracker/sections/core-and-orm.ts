import { type Engine, insert, Session, select } from "../../../lib";
import { activityLog } from "../activity-log";
import { User } from "../models";
import { heading, names, say } from "../print";

/** Seed section 1: the same kind of work done twice, once with Core (rows), once with the ORM (objects). */
export async function coreAndOrm(engine: Engine): Promise<void> {
  heading("Core: a plain table, SQL written in TypeScript");
  await engine.connect(async (conn) => {
    await conn.execute(
      insert(activityLog).values([
        { actor: "Safi", action: "created the tracker" },
        { actor: "Rukhya", action: "invited the team" },
        { actor: "Safi", action: "wrote the first task" },
      ]),
    );
    const rows = await conn.execute(
      select(activityLog.c.actor, activityLog.c.action).where(activityLog.c.actor.eq("Safi")).orderBy(activityLog.c.id),
    );
    for (const row of rows.all()) say(`${row.actor} ${row.action}`);
  });

  heading("ORM: objects added to a session, saved by commit()");
  const session = new Session(engine);
  const rukhya = Object.assign(new User(), { name: "Rukhya" });
  session.add(rukhya);
  say(`before commit: id ${rukhya.id === undefined ? "not set yet" : "set"}`);
  await session.commit();
  say(`after commit: id ${typeof rukhya.id === "number" ? "set by the database" : "missing"}`);
  const everyone = await session.query(User).orderBy({ name: "asc" }).all();
  say(`session.query(User).all(): ${names(everyone.map((u) => u.name))}`);
  // Without `await using`, close() is yours to call (it rolls back anything not committed).
  await session.close();
}
