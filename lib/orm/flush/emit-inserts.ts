import type { Connection } from "../../engine";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import { type Column, type ExecutableNode, insert } from "../../sql";
import type { EntityMapping } from "../mapping/entity-mapping";
import { bindsAsParameter } from "../mapping/statement-cache";
import { currentValues, PENDING_KEY } from "../unit-of-work/column-values";
import type { EntityState } from "../unit-of-work/entity-state";
import { prepareNew } from "../unit-of-work/new-row-fill";
import type { DeferredKey, FlushContext } from "./flush-context";

type Row = Record<string, unknown>;

/** New rows of one entity that give the same columns: one multi-row INSERT (per chunk). */
interface ShapeGroup {
  /** Indexes (in entity.columns) of the columns the rows give. */
  readonly columns: readonly number[];
  /** The new objects' states, in the order of their rows. */
  readonly states: EntityState[];
  /** Each object's values of every column (undefined where the row leaves one out): its snapshot once inserted. */
  readonly values: unknown[][];
}

/** A key for the set of columns a row gives: a bit mask while it fits, else the list. */
function shapeKey(values: readonly unknown[]): number | string {
  if (values.length <= 30) {
    let mask = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== undefined) mask |= 1 << i;
    return mask;
  }
  let key = "";
  for (let i = 0; i < values.length; i++) if (values[i] !== undefined) key += `${i},`;
  return key;
}

/**
 * Fill in what Strata generates for each object (prepareNew) and sort the
 * objects into shapes (the columns each gives), each object's row made once:
 * one pass over the new objects. Synchronous and small, so the engine
 * optimizes it whole.
 */
function groupByShape(ctx: FlushContext, entity: EntityMetadata, states: readonly EntityState[], deferred: DeferredKey[]): ShapeGroup[] {
  const uow = ctx.uow;
  const pending = PENDING_KEY;
  const plan = states[0].mapping.newRows;
  const now = ctx.now;
  const shapes = new Map<number | string, ShapeGroup>();
  const width = entity.columns.length;
  for (let o = 0; o < states.length; o++) {
    const state = states[o];
    const object = state.object;
    prepareNew(plan, object, state, now);
    const values = currentValues(uow, object, state, new Array<unknown>(width));
    for (let i = 0; i < width; i++) {
      if (values[i] === pending) {
        values[i] = null;
        deferred.push({ object, state, columnIndex: i });
      }
    }
    const key = shapeKey(values);
    let group = shapes.get(key);
    if (!group) {
      const columns: number[] = [];
      for (let i = 0; i < width; i++) if (values[i] !== undefined) columns.push(i);
      group = { columns, states: [], values: [] };
      shapes.set(key, group);
    }
    group.states.push(state);
    group.values.push(values);
  }
  return [...shapes.values()];
}

/** After the INSERT of a chunk of `count` rows from `start`: write generated keys back (when `identity` is given) and record the rows. */
function markInserted(
  ctx: FlushContext,
  entity: EntityMetadata,
  group: ShapeGroup,
  start: number,
  count: number,
  identity: ColumnMetadata | undefined,
  ids: readonly unknown[],
): void {
  const width = entity.columns.length;
  const identityIndex = identity ? entity.columns.indexOf(identity) : -1;
  const keyProperty = identity?.property as string;
  for (let k = 0; k < count; k++) {
    const state = group.states[start + k];
    const object = state.object;
    // Every column's value as written: the row's, the generated key, NULL for what the row left out.
    const values = group.values[start + k];
    for (let c = 0; c < width; c++) if (values[c] === undefined) values[c] = null;
    if (identity) {
      (object as Row)[keyProperty] = ids[k];
      values[identityIndex] = ids[k];
    }
    ctx.uow.markFlushed(state, values);
  }
}

/**
 * INSERT new objects of one entity (one wave of the plan: see planFlush),
 * rows of one shape in one multi-row statement (chunked under the parameter
 * limit), and write the generated keys back. Foreign keys to objects not
 * inserted yet (a cycle) are written NULL and left in ctx.deferred.
 */
export async function emitInserts(ctx: FlushContext, entity: EntityMetadata, states: EntityState[]): Promise<void> {
  const conn = await ctx.connection();
  const deferred = ctx.deferred;
  const identity = entity.primaryKeys.find((c) => c.generated === "identity");
  const identityIndex = identity ? entity.columns.indexOf(identity) : -1;
  const tableColumns = entity.table.c as Record<string, Column<string, unknown>>;
  for (const group of groupByShape(ctx, entity, states, deferred)) {
    const generates = identityIndex >= 0 && !group.columns.includes(identityIndex);
    const width = group.columns.length;
    const perStatement = generates ? await ctx.rowsPerGeneratedInsert(width) : ctx.rowsPerStatement(width);
    const columns = group.columns.map((i) => tableColumns[entity.columns[i].property ?? entity.columns[i].name]);
    const key = generates ? identity : undefined;
    for (let start = 0; start < group.states.length; start += perStatement) {
      const count = Math.min(perStatement, group.states.length - start);
      const params = new Array<unknown>(count * width);
      const bindable = chunkParams(group, start, count, params);
      const ids = await runInsert(ctx, conn, states[0].mapping, new InsertChunk(columns, params, count, key), bindable);
      markInserted(ctx, entity, group, start, count, key, ids);
    }
  }
}

/**
 * Fill `params` with the values of `count` rows of a group from `start`, row
 * after row, straight from each object's values: what the INSERT binds, in
 * order. Returns whether each is a plain value the statement binds as it is.
 * A function of its own, not a loop in the async caller, so the engine
 * optimizes it whole (it runs over every value of every new row).
 */
function chunkParams(group: ShapeGroup, start: number, count: number, params: unknown[]): boolean {
  const columns = group.columns;
  const width = columns.length;
  let bindable = true;
  let at = 0;
  for (let k = 0; k < count; k++) {
    const values = group.values[start + k];
    for (let c = 0; c < width; c++) {
      const value = values[columns[c]];
      if (value !== null && !bindsAsParameter(value)) bindable = false;
      params[at++] = value;
    }
  }
  return bindable;
}

/** One multi-row INSERT of a shape group: its columns, the values of its rows one after another, and the key it generates. */
class InsertChunk {
  constructor(
    readonly columns: readonly Column<string, unknown>[],
    readonly params: unknown[],
    readonly rowCount: number,
    readonly key: ColumnMetadata | undefined,
  ) {}

  /** The statement's tree with these values (compiled once per shape and row count; see statementFor). */
  build(entity: EntityMetadata, params: readonly unknown[], keyColumn: Column<string, unknown> | undefined): ExecutableNode {
    const width = this.columns.length;
    const rows = new Array<unknown[]>(this.rowCount);
    for (let r = 0; r < this.rowCount; r++) rows[r] = params.slice(r * width, (r + 1) * width);
    const statement = insert(entity.table).valueRows(this.columns, rows);
    return (keyColumn ? statement.returning(keyColumn) : statement).toStatementNode();
  }
}

/**
 * Run one INSERT chunk; with a generated key, return the keys of its rows in
 * order. Its SQL text is made once per shape and row count, then only
 * re-bound (as for UPDATEs): a 10k-row flush re-sends the same text.
 */
async function runInsert(
  ctx: FlushContext,
  conn: Connection,
  mapping: EntityMapping,
  chunk: InsertChunk,
  bindable: boolean,
): Promise<unknown[]> {
  const entity = mapping.entity;
  const key = chunk.key;
  const mode = conn.dialect.capabilities.generatedKeys;
  const keyColumn =
    key !== undefined && mode === "returning"
      ? (entity.table.c as Record<string, Column<string, unknown>>)[key.property as string]
      : undefined;
  const build = (params: readonly unknown[]) => chunk.build(entity, params, keyColumn);
  const width = chunk.columns.length;
  const shape = `insert ${chunk.columns.map((c) => c.name).join(",")}${keyColumn ? " returning" : ""} x${chunk.rowCount}`;
  const query = bindable
    ? mapping
        .statement(shape, () => Array.from({ length: chunk.params.length }, (_, i) => chunk.columns[i % width]))
        .bind(chunk.params, build)
    : conn.dialect.compiler.compile(build(chunk.params));
  const rowCount = chunk.rowCount;
  if (key === undefined) {
    await conn.runUndecoded(query);
    return [];
  }
  const keyProperty = key.property as string;
  if (mode === "returning") {
    // The keys straight from the driver's rows, decoded as a result of this one column would be, without a row object each.
    const { result, exactIntegers } = await conn.runUndecoded(query);
    const rows = result.rows as unknown[][];
    const decode =
      rows.length > 0
        ? conn.dialect.codec.decoderFor(query.selection?.[0].type, result.columns[0] ?? { name: keyProperty }, exactIntegers)
        : undefined;
    const ids = new Array<unknown>(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const raw = rows[k][0];
      ids[k] = raw === null || !decode ? raw : decode(raw);
    }
    return ids;
  }
  const { result } = await conn.runUndecoded(query);
  const step = (await ctx.autoIncrementStep()) ?? 1;
  const reported = Number(result.insertId);
  const first = mode === "first-insert-id" ? reported : reported - (rowCount - 1) * step;
  const ids = new Array<unknown>(rowCount);
  for (let k = 0; k < rowCount; k++) ids[k] = key.type.kind === "bigint" ? BigInt(first + k * step) : first + k * step;
  return ids;
}
