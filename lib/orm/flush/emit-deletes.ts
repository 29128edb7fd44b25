import type { Connection } from "../../engine";
import { OptimisticLockError, StaleDataError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import { and, type Column, del, type ExecutableNode, type Expression, or, select } from "../../sql";
import { fromComparable } from "../mapping/comparable-value";
import type { DeleteLayout } from "../mapping/delete-layout";
import { bindsAsParameter } from "../mapping/statement-cache";
import type { EntityState } from "../unit-of-work/entity-state";
import type { FlushContext } from "./flush-context";

/**
 * Most rows matched by one OR of (key AND version) terms: SQLite refuses
 * expression trees deeper than 1,000, and each OR term is one level.
 */
const ROWS_PER_OR = 500;

/** `key IN (...)` for a single unversioned key, else `(key = ? AND version = ?) OR ...`, from the values of each row in turn. */
function matchRows(layout: DeleteLayout, params: readonly unknown[]): Expression<boolean> {
  const width = layout.columns.length;
  if (width === 1) return layout.columns[0].in(params);
  const rows: Expression<boolean>[] = [];
  for (let at = 0; at < params.length; at += width) rows.push(and(...layout.columns.map((c, i) => c.eq(params[at + i]))));
  return or(...rows);
}

/**
 * Fill `params` with the key (and version) of each row from `start` to `end`,
 * as the database holds them (the snapshot); returns whether all bind as
 * plain parameters. Synchronous and of its own, so the engine optimizes it
 * whole: it runs over every deleted row.
 */
function matchedValues(
  entity: EntityMetadata,
  layout: DeleteLayout,
  states: readonly EntityState[],
  start: number,
  end: number,
  params: unknown[],
): boolean {
  const indexes = layout.indexes;
  let bindable = true;
  let n = 0;
  for (let s = start; s < end; s++) {
    const snapshot = states[s].snapshot as unknown[];
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k];
      const value = fromComparable(snapshot[i], entity.columns[i].type);
      if (!bindsAsParameter(value)) bindable = false;
      params[n++] = value;
    }
  }
  return bindable;
}

/**
 * DELETE objects of one entity marked for deletion (the plan orders
 * entities dependents first), by lists of keys (one statement per chunk,
 * compiled once per entity and chunk size). Versioned rows are matched by
 * key and version together. Fewer rows deleted than expected is a
 * StaleDataError, or an OptimisticLockError for versioned rows, naming a
 * row that was changed where one can be found.
 */
export async function emitDeletes(ctx: FlushContext, entity: EntityMetadata, states: readonly EntityState[]): Promise<void> {
  const conn = await ctx.connection();
  const mapping = states[0].mapping;
  const layout = mapping.deleteLayout;
  const width = layout.columns.length;
  const chunkSize = width === 1 ? ctx.rowsPerStatement(1) : Math.min(ROWS_PER_OR, ctx.rowsPerStatement(width));
  const build = (params: readonly unknown[]): ExecutableNode => del(entity.table).where(matchRows(layout, params)).toStatementNode();
  for (let start = 0; start < states.length; start += chunkSize) {
    const end = Math.min(states.length, start + chunkSize);
    const params = new Array<unknown>((end - start) * width);
    const bindable = matchedValues(entity, layout, states, start, end, params);
    const rows = end - start;
    const query = bindable
      ? mapping
          .statement(`delete ${rows}`, () => Array.from({ length: params.length }, (_, i) => layout.columns[i % width]))
          .bind(params.slice(), build)
      : conn.dialect.compiler.compile(build(params));
    const { rowCount } = (await conn.runUndecoded(query)).result;
    if (rowCount !== rows) throw await notAllDeleted(conn, entity, layout, params, rowCount);
    markAllDeleted(ctx, states, start, end);
  }
}

/** The error for a chunk that deleted fewer rows than it matched keys; for versioned rows, reads which row is still there. */
async function notAllDeleted(
  conn: Connection,
  entity: EntityMetadata,
  layout: DeleteLayout,
  params: readonly unknown[],
  rowCount: number,
): Promise<Error> {
  const width = layout.columns.length;
  const rows = params.length / width;
  const message = `Deleting ${rows} ${entity.name} row${rows === 1 ? "" : "s"} removed ${rowCount}`;
  if (!layout.versioned) return new StaleDataError(`${message}: some were already deleted.`);
  // The rows this statement matched are gone; one of its keys still there has another version: someone changed it.
  const keyColumns = layout.columns.slice(0, width - 1);
  const version = layout.columns[width - 1];
  const keys: Expression<boolean>[] = [];
  for (let at = 0; at < params.length; at += width) keys.push(and(...keyColumns.map((c, i) => c.eq(params[at + i]))));
  const selection: [Column<string, unknown>, ...Column<string, unknown>[]] = [version, ...keyColumns];
  const found = await conn.execute(
    select(...selection)
      .from(entity.table)
      .where(or(...keys))
      .limit(1),
  );
  const changed = found.first() as Record<string, unknown> | undefined;
  if (!changed) {
    return new OptimisticLockError(`${message}: the others were deleted by someone else since they were loaded; reload and try again.`);
  }
  const key = keyColumns.map((c) => `${c.key}=${String(changed[c.key])}`).join(", ");
  return new OptimisticLockError(
    `${message}: ${entity.name} (${key}) was changed by someone else since it was loaded (now version ${String(changed[version.key])}); reload it and try again.`,
  );
}

function markAllDeleted(ctx: FlushContext, states: readonly EntityState[], start: number, end: number): void {
  for (let s = start; s < end; s++) ctx.uow.markDeletedFlushed(states[s]);
}
