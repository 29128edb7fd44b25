import type { Connection } from "../../engine";
import { UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from "../../metadata";
import type { Condition, ExecutableNode, ExprNode, JoinNode, OrderByNode, SelectionNode, SelectNode } from "../../sql";
import { entityHydrator, type Hydrator } from "../hydration/entity-hydrator";
import { isRelationLoaded, restoreRelationAccessors } from "../hydration/hydrated-prototype";
import { hasComparableForm } from "../session/comparable-value";
import type { EntityState } from "../session/entity-state";
import { type IdentityKey, identityKeyOfValue } from "../session/identity";
import { IdentityIndex } from "../session/identity-index";
import type { UnitOfWork } from "../session/unit-of-work";
import { allOf, columnExpr } from "./compile-filter";
import type { LoadNode } from "./load-plan";
import { type RelationLink, relationLink } from "./relation-link";
import { assignRelation, hydrateTracked, storedValue } from "./tracked-objects";

type Row = Record<string, unknown>;

/** What loading needs of a session: its bookkeeping and its transaction's connection. */
export interface LoadContext {
  readonly uow: UnitOfWork;
  readonly conn: Connection;
}

/** The root entities to select; conditions name the root table by its own name (it has no alias). */
export interface RootQuery {
  readonly entity: EntityMetadata;
  readonly where?: Condition;
  readonly orderBy: readonly OrderByNode[];
  readonly limit?: number;
  readonly offset?: number;
  readonly forUpdate?: boolean;
  /** More tables to join and values to select per row (select-in through a join table). */
  readonly extraJoins?: readonly JoinNode[];
  readonly extraSelection?: readonly { readonly expr: ExprNode; readonly column: ColumnMetadata }[];
  /** A to-one relation the caller sets on every object this query hydrates, before the load returns. */
  readonly setByLoader?: string;
  /**
   * The position of a column whose snapshot value the caller wants for each
   * object (a select-in load groups children by it): read while each row is
   * at hand, rather than from 10k snapshots again afterwards.
   */
  readonly linkColumn?: number;
}

/** A relation joined into a query: where its columns sit in the row and whose objects it belongs to. */
interface JoinedPart {
  readonly node: LoadNode;
  readonly alias: string;
  /** Index of the parent part (-1: the root). */
  readonly parent: number;
  readonly offset: number;
  /** Where the target's primary key sits in the row: all NULL means the LEFT JOIN found nothing. */
  readonly keyOffsets: readonly number[];
}

/**
 * Select root entities and load the relations of the plan: joined relations
 * in the same query, select-in relations with one query per level, key lists
 * chunked. Rows already in the identity map keep their object (and its
 * unflushed changes); relations an object already holds are kept as they are.
 */
export async function loadEntityQuery<T>(ctx: LoadContext, query: RootQuery, plan: readonly LoadNode[]): Promise<T[]> {
  const { objects } = await runEntityQuery(ctx, query, plan);
  return objects as T[];
}

async function runEntityQuery(
  ctx: LoadContext,
  query: RootQuery,
  plan: readonly LoadNode[],
): Promise<{ objects: object[]; states?: (EntityState | undefined)[]; linkValues?: unknown[]; extras: unknown[][] }> {
  const limited = query.limit !== undefined || query.offset !== undefined;
  // With LIMIT, a joined to-many relation would count its rows instead of root entities: load those select-in.
  const joinable = (n: LoadNode) => n.strategy === "joined" && !(limited && hasMany(n));
  const parts: JoinedPart[] = [];
  const joins: JoinNode[] = [...(query.extraJoins ?? [])];
  const selection: SelectionNode[] = query.entity.columns.map((c, i) => ({
    expr: columnExpr(query.entity.tableName, query.entity.tableName, c).node,
    key: `c${i}`,
    type: c.type,
  }));
  const orderBy: OrderByNode[] = [...query.orderBy];
  const deferred: { node: LoadNode; parent: number }[] = [];
  const visit = (nodes: readonly LoadNode[], parent: number, parentAlias: string) => {
    for (const node of nodes) {
      if (!joinable(node)) {
        deferred.push({ node, parent });
        continue;
      }
      const alias = `${node.relation.target.tableName}_${parts.length + 1}`;
      joins.push(...joinsFor(node.relation, parentAlias, alias));
      const target = node.relation.target;
      const offset = selection.length;
      parts.push({ node, alias, parent, offset, keyOffsets: target.primaryKeys.map((k) => offset + target.columns.indexOf(k)) });
      for (const c of target.columns)
        selection.push({ expr: columnExpr(alias, target.tableName, c).node, key: `c${selection.length}`, type: c.type });
      if (node.relation.many)
        for (const k of target.primaryKeys) orderBy.push({ expr: columnExpr(alias, target.tableName, k).node, direction: "asc" });
      visit(node.children, parts.length - 1, alias);
    }
  };
  visit(plan, -1, query.entity.tableName);
  const extraOffset = selection.length;
  for (const extra of query.extraSelection ?? [])
    selection.push({ expr: extra.expr, key: `c${selection.length}`, type: extra.column.type });

  const node: SelectNode = {
    kind: "select",
    selection,
    from: { kind: "table", name: query.entity.tableName },
    joins,
    ...(query.where ? { where: query.where.node } : {}),
    groupBy: [],
    orderBy,
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(query.offset !== undefined ? { offset: query.offset } : {}),
    distinct: false,
    forUpdate: query.forUpdate ?? false,
  };
  const compiled = ctx.conn.dialect.compiler.compile(node);
  const { result, exactIntegers } = await ctx.conn.runUndecoded(compiled);
  const codec = ctx.conn.dialect.codec;
  // Relations set on every root before this returns: the caller's, and those loaded select-in on the roots below.
  const setByLoader = [
    ...(query.setByLoader === undefined ? [] : [query.setByLoader]),
    ...deferred.filter((d) => d.parent === -1).map((d) => d.node.relation.property),
  ];
  const hydrateRoot = entityHydrator(query.entity, query.entity.columns, result.columns, codec, exactIntegers, 0, setByLoader);
  const partHydrators = parts.map((p) =>
    entityHydrator(p.node.relation.target, p.node.relation.target.columns, result.columns, codec, exactIntegers, p.offset),
  );
  const extraColumns = query.extraSelection ?? [];
  const extraDecoders = extraColumns.map((e, i) =>
    codec.decoderFor(e.column.type, result.columns[extraOffset + i] ?? { name: "" }, exactIntegers),
  );

  const { objects, states, linkValues, extras, partObjects } = assembleRows(ctx, query, parts, result.rows, {
    hydrateRoot,
    partHydrators,
    extraOffset,
    extraDecoders,
  });
  try {
    for (const { node, parent } of deferred) {
      const parents = parent === -1 ? objects : [...partObjects[parent]];
      await loadSelectIn(ctx, parents, node);
    }
  } catch (error) {
    restoreRelationAccessors(query.entity, objects);
    throw error;
  }
  return { objects, states, linkValues, extras };
}

interface RowReaders {
  readonly hydrateRoot: Hydrator;
  readonly partHydrators: readonly Hydrator[];
  readonly extraOffset: number;
  readonly extraDecoders: readonly (((v: unknown) => unknown) | undefined)[];
}

/**
 * Turn a query's rows into tracked objects: the roots (each once, in order),
 * the extra values selected per row, and the objects of each joined part,
 * given to their parents. Synchronous and of its own: it runs over every row,
 * and a loop inside the async loader runs unoptimized.
 */
function assembleRows(
  ctx: LoadContext,
  query: RootQuery,
  parts: readonly JoinedPart[],
  rows: readonly (readonly unknown[])[],
  readers: RowReaders,
): {
  objects: object[];
  states?: (EntityState | undefined)[];
  linkValues?: unknown[];
  extras: unknown[][];
  partObjects: Set<object>[];
} {
  const { hydrateRoot, partHydrators, extraOffset, extraDecoders } = readers;
  const objects: object[] = [];
  const extras: unknown[][] = [];
  const partObjects = parts.map(() => new Set<object>());
  if (parts.length === 0 && !query.extraSelection) {
    // Nothing joined: each row is one distinct root (the hot path of select-in loading).
    const states: (EntityState | undefined)[] = [];
    const link = query.linkColumn === undefined ? undefined : { at: query.linkColumn, values: [] };
    ctx.uow.registerLoadedRows(query.entity, hydrateRoot, rows, objects, states, link);
    return { objects, states, linkValues: link?.values, extras, partObjects };
  }
  const seenRoots = new Set<object>();
  const assignments = parts.map(() => new Map<object, Set<object>>());
  const rowObjects: (object | undefined)[] = new Array(parts.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const root = hydrateTracked(ctx.uow, query.entity, hydrateRoot, row);
    if (root === undefined) continue;
    if (query.extraSelection || !seenRoots.has(root)) {
      seenRoots.add(root);
      objects.push(root);
      if (query.extraSelection) extras.push(extraDecoders.map((decoder, i) => decode(row[extraOffset + i], decoder)));
    }
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const parent = part.parent === -1 ? root : rowObjects[part.parent];
      const target = part.node.relation.target;
      const missing = part.keyOffsets.every((at) => row[at] === null);
      const child = missing ? undefined : hydrateTracked(ctx.uow, target, partHydrators[i], row);
      rowObjects[i] = child;
      if (parent === undefined) continue;
      let children = assignments[i].get(parent);
      if (!children) {
        children = new Set();
        assignments[i].set(parent, children);
      }
      if (child) {
        children.add(child);
        partObjects[i].add(child);
      }
    }
  }
  parts.forEach((part, i) => {
    for (const [parent, children] of assignments[i]) assignRelation(ctx.uow, parent, part.node.relation, [...children]);
  });
  return { objects, extras, partObjects };
}

function hasMany(node: LoadNode): boolean {
  return node.relation.many || node.children.some(hasMany);
}

function decode(raw: unknown, decoder: ((v: unknown) => unknown) | undefined): unknown {
  return raw === null || decoder === undefined ? raw : decoder(raw);
}

/** Run a select of an entity's columns (in metadata order) and return tracked objects, identity map first. */
export async function loadTracked<T>(ctx: LoadContext, entity: EntityMetadata, statement: ExecutableNode): Promise<T[]> {
  const { result, exactIntegers } = await ctx.conn.runUndecoded(ctx.conn.dialect.compiler.compile(statement));
  if (result.rows.length === 0) return [];
  const hydrate = entityHydrator(entity, entity.columns, result.columns, ctx.conn.dialect.codec, exactIntegers);
  const out: object[] = [];
  ctx.uow.registerLoadedRows(entity, hydrate, result.rows, out);
  return out as T[];
}

/** LEFT JOINs that bring a relation's target in under `alias`, from its parent under `parentAlias`. */
function joinsFor(rel: RelationMetadata, parentAlias: string, alias: string): JoinNode[] {
  const link = relationLink(rel);
  const target = rel.target;
  const on = (left: readonly ExprNode[], right: readonly ExprNode[]): ExprNode => {
    const eqs: ExprNode[] = left.map((l, i) => ({ kind: "binary", op: "=", left: l, right: right[i] }));
    return eqs.length === 1 ? eqs[0] : { kind: "logical", op: "and", items: eqs };
  };
  const sourceCols = link.source.map((c) => columnExpr(parentAlias, rel.entity.tableName, c).node);
  const targetCols = link.target.map((c) => columnExpr(alias, target.tableName, c).node);
  if (!link.via) return [{ type: "left", table: { kind: "table", name: target.tableName, alias }, on: on(sourceCols, targetCols) }];
  const via = link.via;
  const viaAlias = `${alias}j`;
  return [
    {
      type: "left",
      table: { kind: "table", name: via.table, alias: viaAlias },
      on: on(
        sourceCols,
        via.viaSource.map((c) => columnExpr(viaAlias, via.table, c).node),
      ),
    },
    {
      type: "left",
      table: { kind: "table", name: target.tableName, alias },
      on: on(
        via.viaTarget.map((c) => columnExpr(viaAlias, via.table, c).node),
        targetCols,
      ),
    },
  ];
}

/** Keys per IN list: far below every database's parameter limit, large enough that 10k parents take a handful of queries. */
const KEYS_PER_QUERY = 5000;

/**
 * Load one relation of many parents with one query per chunk of keys:
 * `WHERE target.key IN (...)` (through the join table for many-to-many),
 * then the relations below it.
 */
export async function loadSelectIn(ctx: LoadContext, parents: readonly object[], node: LoadNode): Promise<void> {
  const rel = node.relation;
  const link = relationLink(rel);
  if (link.source.length !== 1)
    throw new UsageError(
      `Strata loads relations with single-column keys only; ${rel.entity.name}.${rel.property} joins on ${link.source.length} columns. Load it with a query on its target instead.`,
    );
  const heldBefore: object[] = [];
  const pending: object[] = [];
  for (let p = 0; p < parents.length; p++) {
    const parent = parents[p];
    if (isRelationLoaded(parent, rel.property) && (parent as Row)[rel.property] !== undefined) heldBefore.push(parent);
    else pending.push(parent);
  }
  const byKey = parentsByKey(ctx.uow, rel, link.source[0], pending);
  // The children this load found, needed only to tell them from those parents already held (usually there are none).
  const loaded = heldBefore.length > 0 ? new Set<object>() : undefined;
  const entries = [...byKey.values()];
  const found: FoundChildren = { children: new IdentityIndex<Children>(), loaded };
  // Children hydrated without the accessor of their to-one inverse, which they get only once every chunk is in.
  const awaitingParent: object[][] = [];
  try {
    for (let i = 0; i < entries.length; i += KEYS_PER_QUERY) {
      const keys = entries.slice(i, i + KEYS_PER_QUERY).map((e) => e.key);
      if (link.via) await loadChunkThroughJoinTable(ctx, node, link, keys, found);
      else awaitingParent.push(await loadChunkByForeignKey(ctx, node, link, keys, found));
    }
  } catch (error) {
    for (const objects of awaitingParent) restoreRelationAccessors(rel.target, objects);
    throw error;
  }
  byKey.forEach((entry, id) => {
    const children = found.children.get(id);
    // Each parent without children gets an empty collection of its own.
    for (let p = 0; p < entry.parents.length; p++)
      assignRelation(ctx.uow, entry.parents[p], rel, children?.objects ?? [], children?.states);
  });
  // Parents that held the relation already: descend into what they hold.
  const held = heldBefore.flatMap((p) => {
    const v = (p as Row)[rel.property];
    return Array.isArray(v) ? v : v ? [v] : [];
  });
  const fresh = held.filter((o) => !loaded?.has(o));
  if (fresh.length > 0) for (const child of node.children) await loadSelectIn(ctx, fresh, child);
}

/** What the chunks of one select-in load found. */
interface FoundChildren {
  /** By parent key: an IdentityIndex rather than a Map, as the keys are mostly a run of integers (an array index each). */
  readonly children: IdentityIndex<Children>;
  /** Every child, when the caller needs to tell them from objects parents already held. */
  readonly loaded: Set<object> | undefined;
}

/** One chunk of a many-to-many load: the targets the join table pairs with these parent keys. */
async function loadChunkThroughJoinTable(
  ctx: LoadContext,
  node: LoadNode,
  link: RelationLink,
  keys: unknown[],
  found: FoundChildren,
): Promise<void> {
  const target = node.relation.target;
  const via = link.via as NonNullable<RelationLink["via"]>;
  const viaSource = columnExpr(via.table, via.table, via.viaSource[0]);
  const { objects, extras } = await runEntityQuery(
    ctx,
    {
      entity: target,
      where: viaSource.in(keys),
      orderBy: byPrimaryKey(target),
      extraJoins: [
        {
          type: "inner",
          table: { kind: "table", name: via.table },
          on: columnExpr(via.table, via.table, via.viaTarget[0]).eq(columnExpr(target.tableName, target.tableName, link.target[0])).node,
        },
      ],
      extraSelection: [{ expr: viaSource.node, column: link.source[0] }],
    },
    node.children,
  );
  objects.forEach((child, j) => {
    collect(found.children, identityKeyOfValue(extras[j][0]), child, ctx.uow.stateOf(child));
    found.loaded?.add(child);
  });
}

/**
 * One chunk of a load through a foreign key: the targets whose linking
 * column holds one of these parent keys. Gives the objects it hydrated,
 * which get their parent once every chunk is in.
 */
async function loadChunkByForeignKey(
  ctx: LoadContext,
  node: LoadNode,
  link: RelationLink,
  keys: unknown[],
  found: FoundChildren,
): Promise<object[]> {
  const rel = node.relation;
  const target = rel.target;
  const targetIndex = target.columns.indexOf(link.target[0]);
  const { objects, states, linkValues } = await runEntityQuery(
    ctx,
    {
      entity: target,
      where: allOf(columnExpr(target.tableName, target.tableName, link.target[0]).in(keys)),
      orderBy: byPrimaryKey(target),
      // Every child found is given its parent by assignRelation, which a to-one inverse then takes as a plain store.
      ...(rel.inverse && !rel.inverse.many ? { setByLoader: rel.inverse.property } : {}),
      linkColumn: targetIndex,
    },
    node.children,
  );
  collectByKey(ctx.uow, objects, states, linkValues, link.target[0], targetIndex, found.children, found.loaded);
  return objects;
}

function byPrimaryKey(entity: EntityMetadata): OrderByNode[] {
  return entity.primaryKeys.map((k) => ({ expr: columnExpr(entity.tableName, entity.tableName, k).node, direction: "asc" as const }));
}

/** The parents by the key their relation is loaded by; a parent without one gets an empty relation at once. */
function parentsByKey(
  uow: UnitOfWork,
  rel: RelationMetadata,
  source: ColumnMetadata,
  parents: readonly object[],
): Map<IdentityKey, { key: unknown; parents: object[] }> {
  const byKey = new Map<IdentityKey, { key: unknown; parents: object[] }>();
  const sourceIndex = rel.entity.columns.indexOf(source);
  for (let p = 0; p < parents.length; p++) {
    const parent = parents[p];
    const key = storedValue(uow, parent, source, sourceIndex);
    const id = identityKeyOfValue(key);
    if (id === undefined) {
      assignRelation(uow, parent, rel, []);
      continue;
    }
    const entry = byKey.get(id);
    if (entry) entry.parents.push(parent);
    else byKey.set(id, { key, parents: [parent] });
  }
  return byKey;
}

/**
 * The children loaded for one parent key, with their states (in the same
 * order): giving each its parent then needs no state lookup per child.
 */
interface Children {
  readonly objects: object[];
  readonly states: (EntityState | undefined)[];
}

/** Sort loaded children under the key value of the column that links them to their parent. */
function collectByKey(
  uow: UnitOfWork,
  objects: readonly object[],
  /** The objects' states, in order, where the query gave them (else each is looked up). */
  states: readonly (EntityState | undefined)[] | undefined,
  /** The column's snapshot value for each object, where the query read it (undefined: look it up). */
  linkValues: readonly unknown[] | undefined,
  column: ColumnMetadata,
  columnIndex: number,
  children: IdentityIndex<Children>,
  loaded: Set<object> | undefined,
): void {
  // A key column whose snapshot value is the value itself (an integer, a string) is read from the snapshot directly.
  const plain = !hasComparableForm(column.type);
  for (let j = 0; j < objects.length; j++) {
    const child = objects[j];
    const state = states ? states[j] : uow.stateOf(child);
    const snapshotted = plain ? (linkValues !== undefined ? linkValues[j] : state?.snapshot?.[columnIndex]) : undefined;
    const key = snapshotted !== undefined ? snapshotted : storedValue(uow, child, column, columnIndex, state);
    collect(children, identityKeyOfValue(key), child, state);
    loaded?.add(child);
  }
}

function collect(map: IdentityIndex<Children>, id: IdentityKey | undefined, child: object, state: EntityState | undefined): void {
  if (id === undefined) return;
  const list = map.get(id);
  if (list) {
    list.objects.push(child);
    list.states.push(state);
  } else map.set(id, { objects: [child], states: [state] });
}
