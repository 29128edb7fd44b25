import { UsageError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import type { EntityOfRow, Executable, SelectBuilder } from "../../sql";
import { loadTracked } from "./entity-query";
import { buildLoadPlan } from "./load-plan";
import type { QueryRunner } from "./query-runner";
import type { LoadPath } from "./query-types";
import { loadSelectIn } from "./select-in-loader";

/**
 * session.load(): relations of objects in hand, one query per relation
 * level for all of them. The objects are of one class and in the session.
 */
export async function loadRelations<T extends object>(
  runner: QueryRunner,
  objects: T | readonly T[],
  paths: readonly LoadPath<T>[],
): Promise<void> {
  const list = (Array.isArray(objects) ? objects : [objects]) as T[];
  if (list.length === 0 || paths.length === 0) return;
  const uow = runner.uow;
  const meta = uow.entityOf(list[0]);
  for (const o of list) {
    if (uow.entityOf(o) !== meta) throw new UsageError(`load() takes objects of one class; got ${meta.name} and ${uow.entityOf(o).name}.`);
    const state = uow.stateOf(o);
    if (!state || state.status === "detached") {
      throw new UsageError(`This ${meta.name} is not in the session; add it or load it through the session before loading its relations.`);
    }
  }
  const plan = buildLoadPlan(
    meta,
    paths.map((path) => ({ path })),
  );
  await runner.run("load", async (ctx) => {
    for (const node of plan) await loadSelectIn(ctx, list, node);
  });
}

/**
 * session.scalars(): a Core select of a whole entity table, as tracked
 * entities (the identity map's objects first).
 */
export async function loadScalars<R>(runner: QueryRunner, statement: SelectBuilder<R> | Executable<R>): Promise<EntityOfRow<R>[]> {
  runner.assertUsable("scalars");
  const node = statement.toStatementNode();
  const meta: EntityMetadata | undefined =
    node.kind === "select" && node.from ? runner.uow.metadata.entities.find((e) => e.tableName === node.from?.name) : undefined;
  const names = node.kind === "select" ? node.selection.map((s) => (s.expr.kind === "column" ? s.expr.name : undefined)) : [];
  if (!meta || names.length !== meta.columns.length || meta.columns.some((c, i) => c.name !== names[i])) {
    throw new UsageError(
      "scalars() takes a select of a whole entity table, e.g. select(tableOf(User)).where(...); to select some columns use execute().",
    );
  }
  return runner.run("query", (ctx) => loadTracked<EntityOfRow<R>>(ctx, meta, node));
}
