import type { Connection, StatementOptions } from "../../engine";
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from "../../metadata";
import {
  binaryNode,
  type Condition,
  type ExecutableNode,
  type ExprNode,
  type JoinNode,
  joinNode,
  logicalNode,
  type OrderByNode,
  orderByNode,
  type SelectionNode,
  selectionNode,
  selectNode,
  tableNode,
} from "../../sql";
import type { Hydrator } from "../mapping/entity-hydrator";
import type { EntityState } from "../unit-of-work/entity-state";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import { columnExpr } from "./compile-filter";
import type { LoadNode } from "./load-plan";
import { assignRelation, hydrateTracked } from "./tracked-objects";

/** What loading needs of a session: its bookkeeping and its transaction's connection. */
export interface LoadContext {
  readonly uow: UnitOfWork;
  readonly conn: Connection;
  /** The limits of this operation's statements, when it sets its own (a query's statementTimeoutMillis or signal). */
  readonly statement?: StatementOptions;
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

/**
 * Loads one relation of many parents select-in (see select-in-loader.ts):
 * handed to runEntityQuery for the relations of a plan it does not join, as
 * the select-in loader runs its queries through runEntityQuery in turn.
 */
export type SelectInLoader = (ctx: LoadContext, parents: readonly object[], node: LoadNode) => Promise<void>;

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
 * Run one SELECT of an entity's rows with the relations of the plan that it
 * joins, turn its rows into tracked objects, then load the other relations
 * of the plan with `selectIn`. Gives the roots in order, with what the query
 * asked for besides (states, link values, extra values per row).
 */
export async function runEntityQuery(
  ctx: LoadContext,
  query: RootQuery,
  plan: readonly LoadNode[],
  selectIn: SelectInLoader,
): Promise<{ objects: object[]; states?: (EntityState | undefined)[]; linkValues?: unknown[]; extras: unknown[][] }> {
  const limited = query.limit !== undefined || query.offset !== undefined;
  // With LIMIT, a joined to-many relation would count its rows instead of root entities: load those select-in.
  const joinable = (n: LoadNode) => n.strategy === "joined" && !(limited && hasMany(n));
  const parts: JoinedPart[] = [];
  const joins: JoinNode[] = [...(query.extraJoins ?? [])];
  const selection: SelectionNode[] = query.entity.columns.map((c, i) =>
    selectionNode(columnExpr(query.entity.tableName, query.entity.tableName, c).node, `c${i}`, c.type),
  );
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
        selection.push(selectionNode(columnExpr(alias, target.tableName, c).node, `c${selection.length}`, c.type));
      if (node.relation.many)
        for (const k of target.primaryKeys) orderBy.push(orderByNode(columnExpr(alias, target.tableName, k).node, "asc"));
      visit(node.children, parts.length - 1, alias);
    }
  };
  visit(plan, -1, query.entity.tableName);
  const extraOffset = selection.length;
  for (const extra of query.extraSelection ?? []) selection.push(selectionNode(extra.expr, `c${selection.length}`, extra.column.type));

  const node = selectNode({
    selection,
    from: tableNode(query.entity.tableName),
    joins,
    where: query.where?.node,
    orderBy,
    limit: query.limit,
    offset: query.offset,
    forUpdate: query.forUpdate ?? false,
  });
  const compiled = ctx.conn.dialect.compiler.compile(node);
  const { result, exactIntegers } = await ctx.conn.runUndecoded(compiled, ctx.statement);
  const codec = ctx.conn.dialect.codec;
  // Relations set on every root before this returns: the caller's, and those loaded select-in on the roots below.
  const setByLoader = [
    ...(query.setByLoader === undefined ? [] : [query.setByLoader]),
    ...deferred.filter((d) => d.parent === -1).map((d) => d.node.relation.property),
  ];
  const mappings = ctx.uow.mappings;
  const hydrateRoot = mappings.of(query.entity).hydrator(query.entity.columns, result.columns, exactIntegers, 0, setByLoader);
  const partHydrators = parts.map((p) => {
    const target = p.node.relation.target;
    return mappings.of(target).hydrator(target.columns, result.columns, exactIntegers, p.offset);
  });
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
      await selectIn(ctx, parents, node);
    }
  } catch (error) {
    ctx.uow.mappings.of(query.entity).restoreAccessors(objects);
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
    ctx.uow.registerLoadedRows(ctx.uow.mappings.of(query.entity), hydrateRoot, rows, objects, states, link);
    return { objects, states, linkValues: link?.values, extras, partObjects };
  }
  const rootMapping = ctx.uow.mappings.of(query.entity);
  const partMappings = parts.map((p) => ctx.uow.mappings.of(p.node.relation.target));
  const seenRoots = new Set<object>();
  const assignments = parts.map(() => new Map<object, Set<object>>());
  const rowObjects: (object | undefined)[] = new Array(parts.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const root = hydrateTracked(ctx.uow, rootMapping, hydrateRoot, row);
    if (root === undefined) continue;
    if (query.extraSelection || !seenRoots.has(root)) {
      seenRoots.add(root);
      objects.push(root);
      if (query.extraSelection) extras.push(extraDecoders.map((decoder, i) => decode(row[extraOffset + i], decoder)));
    }
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const parent = part.parent === -1 ? root : rowObjects[part.parent];
      const missing = part.keyOffsets.every((at) => row[at] === null);
      const child = missing ? undefined : hydrateTracked(ctx.uow, partMappings[i], partHydrators[i], row);
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
  const { result, exactIntegers } = await ctx.conn.runUndecoded(ctx.conn.dialect.compiler.compile(statement), ctx.statement);
  if (result.rows.length === 0) return [];
  const mapping = ctx.uow.mappings.of(entity);
  const hydrate = mapping.hydrator(entity.columns, result.columns, exactIntegers);
  const out: object[] = [];
  ctx.uow.registerLoadedRows(mapping, hydrate, result.rows, out);
  return out as T[];
}

/** LEFT JOINs that bring a relation's target in under `alias`, from its parent under `parentAlias`. */
function joinsFor(rel: RelationMetadata, parentAlias: string, alias: string): JoinNode[] {
  const link = rel.link;
  const target = rel.target;
  const on = (left: readonly ExprNode[], right: readonly ExprNode[]): ExprNode => {
    const eqs: ExprNode[] = left.map((l, i) => binaryNode("=", l, right[i]));
    return eqs.length === 1 ? eqs[0] : logicalNode("and", eqs);
  };
  const sourceCols = link.source.map((c) => columnExpr(parentAlias, rel.entity.tableName, c).node);
  const targetCols = link.target.map((c) => columnExpr(alias, target.tableName, c).node);
  if (!link.via) return [joinNode("left", tableNode(target.tableName, alias), on(sourceCols, targetCols))];
  const via = link.via;
  const viaAlias = `${alias}j`;
  return [
    joinNode(
      "left",
      tableNode(via.table, viaAlias),
      on(
        sourceCols,
        via.viaSource.map((c) => columnExpr(viaAlias, via.table, c).node),
      ),
    ),
    joinNode(
      "left",
      tableNode(target.tableName, alias),
      on(
        via.viaTarget.map((c) => columnExpr(viaAlias, via.table, c).node),
        targetCols,
      ),
    ),
  ];
}
