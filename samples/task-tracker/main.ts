/**
 * The task tracker: Strata walked through in the order of the SQLAlchemy
 * fundamentals guide (Core vs ORM, connections, sessions, models,
 * relationships), on one small app's data.
 *
 *   npm run sample                      # embedded SQLite, samples/task-tracker/.data/task-tracker.db
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run sample
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test npm run sample
 *
 * Every run drops and recreates the sample's tables, so it can run again and
 * again; the data of the last run stays for you to look at. In an
 * application, import from "strata-orm" instead of "../../lib".
 */
import { createEngine } from "../../lib";
import { activityLog } from "./activity-log";
import { databaseUrl } from "./database";
import { entities } from "./models";
import { connections } from "./sections/connections";
import { coreAndOrm } from "./sections/core-and-orm";
import { models } from "./sections/models";
import { relationships } from "./sections/relationships";
import { sessions } from "./sections/sessions";

async function main(): Promise<void> {
  const url = databaseUrl();
  const engine = createEngine(url, { entities });
  console.log(`Task tracker on ${engine.url}`);
  try {
    // Start from empty tables: drop what a previous run left (dependents first), then create in foreign-key order.
    // With no argument, createAll/dropAll cover every entity of the engine and the enrollments join table.
    await engine.dropAll();
    await engine.dropAll([activityLog]);
    await engine.createAll();
    await engine.createAll([activityLog]);

    await coreAndOrm(engine);
    await connections(url);
    await sessions(engine);
    await models(engine);
    await relationships(engine);
  } finally {
    await engine.dispose();
  }
}

let finished = false;
main()
  .then(() => {
    finished = true;
  })
  .catch((error: unknown) => {
    finished = true;
    console.error(error);
    process.exitCode = 1;
  });
// Node exits quietly, with status 0, when nothing is left to wait for, even if main() never settled
// (say, a session waiting for a connection another session still holds). Say so, and fail.
process.on("exit", () => {
  if (finished) return;
  console.error("The walk-through stopped before its end: an await never settled.");
  process.exitCode = 1;
});
