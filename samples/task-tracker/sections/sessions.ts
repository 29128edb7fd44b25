import { type Engine, Session } from "../../../lib";
import { User } from "../models";
import { heading, names, say } from "../print";

async function userNames(session: Session): Promise<string> {
  return names((await session.query(User).orderBy({ name: "asc" }).all()).map((u) => u.name));
}

/** What a fresh session (a new transaction) reads: only what was committed. */
async function committedUserNames(engine: Engine): Promise<string> {
  await using session = new Session(engine);
  // Awaited here, not just returned: the session must outlive the query that uses it.
  return await userNames(session);
}

/** Seed section 3: a session collects changes and saves them together, or throws them away. */
export async function sessions(engine: Engine): Promise<void> {
  heading("Sessions: add, commit, close");
  const session = new Session(engine);
  session.add(Object.assign(new User(), { name: "Safi" }));
  await session.commit();
  await session.close();
  say(`users now: ${await committedUserNames(engine)}`);

  heading("A session as a context: `await using` closes it, rolling back what was not committed");
  {
    await using session = new Session(engine);
    session.add(Object.assign(new User(), { name: "Ayaan" }));
    await session.commit();
    session.add(Object.assign(new User(), { name: "Zara" }));
    await session.flush(); // written inside the transaction, but never committed
    say(`inside the block, after flushing Zara: ${await userNames(session)}`);
  }
  say(`after the block: ${await committedUserNames(engine)}`);

  heading("Rollback: undo a change in the database and in memory");
  {
    await using session = new Session(engine);
    const ayaan = await session.query(User).where({ name: "Ayaan" }).one();
    ayaan.name = "Ayaan Khan";
    await session.flush();
    say(`renamed and flushed; inside the transaction: ${await userNames(session)}`);
    await session.rollback();
    say(`after rollback(), the object is back to: ${ayaan.name}`);
  }
  say(`and the database says: ${await committedUserNames(engine)}`);
}
