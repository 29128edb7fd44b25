import { validateValue } from "../../dialects/base/value-validation";
import { NotFoundError, UsageError } from "../../errors";
import type { EntityClass, EntityMetadata } from "../../metadata";
import { and, type Column, type Condition } from "../../sql";
import { type IdentityKey, identityKey, keyValuesFromArgument } from "../mapping/identity";
import type { EntityState } from "../unit-of-work/entity-state";
import { type LoadContext, loadTracked } from "./entity-query";
import { selectEntity } from "./load-entities";
import type { QueryRunner } from "./query-runner";

/*
 * Reading rows by primary key: session.get() and refresh().
 */

type Row = Record<string, unknown>;

/** The primary key given to get(): its values, checked against the key columns' types, and its identity-map key. */
export function keyOfArgument(entity: EntityMetadata, id: unknown): { readonly values: unknown[]; readonly key: IdentityKey | undefined } {
  const values = keyValuesFromArgument(entity, id).map((v, i) =>
    validateValue(v, entity.primaryKeys[i].type, `${entity.name}.${entity.primaryKeys[i].property}`),
  );
  return { values, key: identityKey(values) };
}

/** `key1 = ? AND key2 = ?` on the entity's table. */
function keyCondition(entity: EntityMetadata, values: readonly unknown[]): Condition {
  const columns = entity.table.c as Record<string, Column<string, unknown>>;
  return and(...entity.primaryKeys.map((k, i) => columns[k.property as string].eq(values[i])));
}

/** The tracked object of the row with these key values, loaded with one SELECT; undefined when there is none. */
export async function loadByKey<T>(ctx: LoadContext, entity: EntityMetadata, values: readonly unknown[]): Promise<T | undefined> {
  const [found] = await loadTracked<T>(ctx, entity, selectEntity(entity).where(keyCondition(entity, values)).toStatementNode());
  return found;
}

/**
 * Read a tracked object's row again and write its values over the object's
 * (unflushed changes are lost). False when the row is gone. Read inside a
 * transaction, the values may hold its own uncommitted writes, so a
 * rollback restores the old ones (see UnitOfWork.markRefreshed).
 */
export async function refreshRow(ctx: LoadContext, state: EntityState, inTransaction: boolean): Promise<boolean> {
  const entity = state.entity;
  const object = state.object as Row;
  const keys = entity.primaryKeys.map((k) => object[k.property as string]);
  const compiled = ctx.conn.dialect.compiler.compile(selectEntity(entity).where(keyCondition(entity, keys)).toStatementNode());
  const { result, exactIntegers } = await ctx.conn.runUndecoded(compiled, ctx.statement);
  if (result.rows.length === 0) return false;
  const snapshot: unknown[] = [];
  const fresh = state.mapping.hydrator(entity.columns, result.columns, exactIntegers)(result.rows[0], snapshot) as Row;
  for (const c of entity.columns) if (c.property !== undefined) object[c.property] = fresh[c.property];
  ctx.uow.markRefreshed(state, snapshot, inTransaction);
  return true;
}

/** session.get(): the object the session has for this key, unless marked for deletion; else one SELECT. */
export async function getByKey<T>(runner: QueryRunner, entityClass: EntityClass<T>, id: unknown): Promise<T | undefined> {
  const entity = runner.uow.metadata.get(entityClass);
  const { values, key } = keyOfArgument(entity, id);
  const known = key === undefined ? undefined : runner.uow.lookup(entity, key);
  if (known) return runner.uow.stateOf(known)?.status === "deleted" ? undefined : (known as T);
  return runner.run("get", (ctx) => loadByKey<T>(ctx, entity, values));
}

/** session.getOrFail(): getByKey, with a missing row a NotFoundError. */
export async function getByKeyOrFail<T>(runner: QueryRunner, entityClass: EntityClass<T>, id: unknown): Promise<T> {
  const found = await getByKey(runner, entityClass, id);
  if (found !== undefined) return found;
  const name = runner.uow.metadata.get(entityClass).name;
  throw new NotFoundError(`No ${name} with primary key ${JSON.stringify(id, (_k, v) => (typeof v === "bigint" ? `${v}` : v))}.`);
}

/** session.refresh(): read a managed object's row again, without an autoflush (its unflushed changes are what it discards). */
export async function refreshObject(runner: QueryRunner, object: object, inTransaction: boolean): Promise<void> {
  runner.assertUsable("refresh");
  const state = runner.uow.stateOf(object);
  if (state?.status !== "managed") throw new UsageError("refresh() needs an object this session loaded or flushed.");
  if (!(await runner.run("refresh", (ctx) => refreshRow(ctx, state, inTransaction), { autoflush: false }))) {
    const keys = state.entity.primaryKeys.map((k) => (object as Row)[k.property as string]);
    throw new NotFoundError(`${state.entity.name} ${keys.join(", ")} no longer exists.`);
  }
}
