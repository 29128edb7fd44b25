import { createEngine, type Engine, Session } from "../../../lib";
import { entities, User } from "../models";
import { heading, say } from "../print";

async function countAndFind(engine: Engine): Promise<void> {
  await using session = new Session(engine);
  const count = await session.query(User).count();
  const rukhya = await session.query(User).where({ name: "Rukhya" }).one();
  say(`${count} user in the database: ${rukhya.name}`);
}

/**
 * Seed section 2: the engine is the bridge to one database, named by a URL.
 * `echo: true` prints each statement with its parameters, row count and
 * time, which is how you see what the ORM sends.
 */
export async function connections(url: string): Promise<void> {
  heading("Connections: an engine per database URL; echo: true prints the SQL");
  say("only the URL (first line) says which database this is; the code is the same for SQLite, PostgreSQL and MariaDB");
  // A second engine on the same database, with echo on, just for these two statements.
  const echoing = createEngine(url, { entities, echo: true });
  try {
    await countAndFind(echoing);
  } finally {
    await echoing.dispose();
  }
}
