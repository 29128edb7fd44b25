import type { Connection, Engine } from "../../engine";
import type { EntityMetadata } from "../../metadata";
import { type Executable, type SelectBuilder, select } from "../../sql";
import { mappingsOf } from "../mapping/mappings";

/** A SELECT of every column of the entity's table, in metadata order (what hydrators expect). */
export function selectEntity(entity: EntityMetadata): SelectBuilder<Record<string, unknown>> {
  return select(entity.table) as unknown as SelectBuilder<Record<string, unknown>>;
}

/**
 * Run a SELECT of the entity's columns (from selectEntity, narrowed with
 * where/orderBy/limit) and hydrate every row into an entity instance, with
 * no session tracking them: hydration alone, for its tests and benchmark.
 */
export async function loadEntities<T>(
  engine: Engine,
  conn: Connection,
  entity: EntityMetadata,
  statement: Executable<unknown> = selectEntity(entity),
): Promise<T[]> {
  const compiled = conn.dialect.compiler.compile(statement.toStatementNode());
  const { result, exactIntegers } = await conn.runUndecoded(compiled);
  if (result.rows.length === 0) return [];
  const hydrate = mappingsOf(engine).of(entity).hydrator(entity.columns, result.columns, exactIntegers);
  const rows = result.rows;
  const out = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = hydrate(rows[i]) as T;
  return out;
}
