import { UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata, RelationLink, RelationMetadata } from "../../metadata";
import { joinNode, type OrderByNode, orderByNode, tableNode } from "../../sql";
import { hasComparableForm } from "../mapping/comparable-value";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import { type IdentityKey, identityKeyOfValue } from "../mapping/identity";
import type { EntityState } from "../unit-of-work/entity-state";
import { IdentityIndex } from "../unit-of-work/identity-index";
import type { UnitOfWork } from "../unit-of-work/unit-of-work";
import { allOf, columnExpr } from "./compile-filter";
import { type LoadContext, runEntityQuery } from "./entity-query";
import type { LoadNode } from "./load-plan";
import { assignRelation, storedValue } from "./tracked-objects";

type Row = Record<string, unknown>;

/** Keys per IN list: far below every database's parameter limit, large enough that 10k parents take a handful of queries. */
const KEYS_PER_QUERY = 5000;

/**
 * Load one relation of many parents with one query per chunk of keys:
 * `WHERE target.key IN (...)` (through the join table for many-to-many),
 * then the relations below it.
 */
export async function loadSelectIn(ctx: LoadContext, parents: readonly object[], node: LoadNode): Promise<void> {
  const rel = node.relation;
  const link = rel.link;
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
    for (const objects of awaitingParent) ctx.uow.mappings.of(rel.target).restoreAccessors(objects);
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
        joinNode(
          "inner",
          tableNode(via.table),
          columnExpr(via.table, via.table, via.viaTarget[0]).eq(columnExpr(target.tableName, target.tableName, link.target[0])).node,
        ),
      ],
      extraSelection: [{ expr: viaSource.node, column: link.source[0] }],
    },
    node.children,
    loadSelectIn,
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
    loadSelectIn,
  );
  collectByKey(ctx.uow, objects, states, linkValues, link.target[0], targetIndex, found.children, found.loaded);
  return objects;
}

function byPrimaryKey(entity: EntityMetadata): OrderByNode[] {
  return entity.primaryKeys.map((k) => orderByNode(columnExpr(entity.tableName, entity.tableName, k).node, "asc"));
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
