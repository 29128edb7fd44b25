import type { Engine } from "../../lib";
import { applySync, planSync } from "../../lib/schema";
import { seedEntities } from "../fixtures/seed-models";
import { describeEachDialect } from "../support/test-database";

describeEachDialect("schema sync of the seed models", (db) => {
  let engine: Engine;
  beforeAll(() => {
    engine = db.engine({ entities: seedEntities });
  });

  it("finds nothing to do after createAll()", async () => {
    await engine.createAll();
    const plan = await planSync(engine);
    expect(plan).toEqual({ operations: [], statements: [], warnings: [] });
  });

  it("creates every table on an empty database, and a second plan is empty", async () => {
    await engine.dropAll();
    const plan = await planSync(engine);
    expect(plan.operations.every((op) => op.kind === "createTable" || op.kind === "addForeignKey")).toBe(true);
    await applySync(engine, plan);
    expect(await planSync(engine)).toEqual({ operations: [], statements: [], warnings: [] });
  });
});
