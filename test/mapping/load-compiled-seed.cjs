"use strict";
/**
 * Run in a child node process by relation-alias-compiled.test.ts, on seed
 * models compiled to plain JavaScript: require `entry` first (so the import
 * cycle between the model files is entered from that file), build an engine
 * from the models, create their tables in an in-memory SQLite database, store
 * a user with a task and load them back. Prints what it found as JSON.
 *
 *   node load-compiled-seed.cjs <compiled root> <seed-models file to require first>
 */
const { join } = require("node:path");

async function main() {
  const [root, entry] = process.argv.slice(2);
  require(join(root, "test/fixtures/seed-models", entry));
  const models = require(join(root, "test/fixtures/seed-models/index.js"));
  const strata = require(join(root, "lib/index.js"));
  const { loadEntities } = require(join(root, "lib/orm/index.js"));
  const engine = strata.createEngine("sqlite://:memory:", { entities: models.seedEntities });
  try {
    const task = engine.metadata.get(models.Task);
    await engine.createAll();
    const createdAt = new Date("2024-05-01T10:00:00.000Z");
    await engine.execute(strata.insert(engine.tableOf(models.User)).values({ id: 1, name: "Safi", createdAt }));
    await engine.execute(strata.insert(engine.tableOf(models.Task)).values({ title: "Plan", ownerId: 1, updatedAt: createdAt }));
    const [loaded] = await engine.connect((conn) => loadEntities(engine, conn, task));
    const tables = await engine.execute(strata.sql`select name from sqlite_master where type = 'table' order by name`);
    console.log(
      JSON.stringify({
        // A relation typed Relation<User> must not make the compiler reference User when Task is defined.
        ownerDesignType: Reflect.getMetadata("design:type", models.Task.prototype, "owner")?.name ?? null,
        titleDesignType: Reflect.getMetadata("design:type", models.Task.prototype, "title")?.name ?? null,
        relations: [...engine.metadata.entities]
          .flatMap((e) => e.relations.map((r) => `${e.name}.${r.property} -> ${r.target.name}`))
          .sort(),
        tables: tables.all().map((r) => r.name),
        loaded: { isTask: loaded instanceof models.Task, title: loaded.title, status: loaded.status, ownerId: loaded.ownerId },
      }),
    );
  } finally {
    await engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
