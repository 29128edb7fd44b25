import type { Connection } from "../../engine";
import type { RelationMetadata } from "../../metadata";
import type { ColumnType, DeleteNode, ExprNode, InsertNode } from "../../sql";
import { isRelationLoaded } from "../mapping/hydrated-prototype";
import { membership } from "../unit-of-work/relation-sync";
import type { FlushContext } from "./flush-context";

type Row = Record<string, unknown>;

interface Pair {
  readonly owner: object;
  readonly target: object;
  readonly relation: RelationMetadata;
}

function keyOf(relation: RelationMetadata, owner: object, target: object): unknown[] {
  const jt = relation.joinTable;
  if (!jt) return [];
  const ownerKey = relation.entity.columns.find((c) => c.name === jt.joinColumns[0].referencedColumn);
  const targetKey = relation.target.columns.find((c) => c.name === jt.inverseJoinColumns[0].referencedColumn);
  return [(owner as Row)[ownerKey?.property as string], (target as Row)[targetKey?.property as string]];
}

/**
 * Insert and delete join-table rows of many-to-many relations by diffing each
 * loaded collection with its snapshot. Changes made on either side count;
 * they are written from the owning side's point of view, each pair once.
 */
export async function writeJoinRows(ctx: FlushContext): Promise<void> {
  const { added, removed } = joinRowChanges(ctx);
  if (added.size === 0 && removed.size === 0) return;
  const conn = await ctx.connection();
  for (const group of groupByRelation(removed.values())) await deletePairs(conn, group);
  for (const group of groupByRelation(added.values())) await insertPairs(ctx, conn, group);
}

/**
 * The join rows to add and to remove, each pair once (a pair both added and
 * removed cancels out). Synchronous and of its own: it walks every tracked
 * object, and a loop inside the async flush runs unoptimized.
 */
function joinRowChanges(ctx: FlushContext): { added: Map<string, Pair>; removed: Map<string, Pair> } {
  const added = new Map<string, Pair>();
  const removed = new Map<string, Pair>();
  const states = ctx.uow.states();
  for (let s = 0; s < states.length; s++) {
    const state = states[s];
    if (state.status === "deleted" || state.status === "detached") continue;
    const object = state.object;
    for (const rel of state.entity.relations) {
      if (rel.kind !== "many-to-many" || !isRelationLoaded(object, rel.property)) continue;
      const now = ((object as Row)[rel.property] as object[] | undefined) ?? [];
      const before = (state.relationBefore(rel.property) as object[] | undefined) ?? [];
      const owning = rel.owner ? rel : (rel.inverse as RelationMetadata);
      const pair = (other: object): Pair =>
        rel.owner ? { owner: object, target: other, relation: owning } : { owner: other, target: object, relation: owning };
      const id = (p: Pair) =>
        `${owning.entity.name}.${owning.property}\u0000${JSON.stringify(keyOf(owning, p.owner, p.target), (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`;
      const inBefore = membership(before);
      const inNow = membership(now);
      for (const other of now) if (!inBefore(other)) added.set(id(pair(other)), pair(other));
      for (const other of before) {
        if (inNow(other)) continue;
        const otherState = ctx.uow.stateOf(other);
        if (otherState?.status === "deleted") continue;
        removed.set(id(pair(other)), pair(other));
      }
    }
  }
  for (const id of [...added.keys()]) {
    if (!removed.has(id)) continue;
    added.delete(id);
    removed.delete(id);
  }
  return { added, removed };
}

function groupByRelation(pairs: Iterable<Pair>): Pair[][] {
  const groups = new Map<RelationMetadata, Pair[]>();
  for (const p of pairs) groups.set(p.relation, [...(groups.get(p.relation) ?? []), p]);
  return [...groups.values()];
}

function param(value: unknown, type: ColumnType): ExprNode {
  return { kind: "param", value, type };
}

async function insertPairs(ctx: FlushContext, conn: Connection, pairs: Pair[]): Promise<void> {
  const rel = pairs[0].relation;
  const jt = rel.joinTable;
  if (!jt) return;
  const ownerType = rel.entity.columns.find((c) => c.name === jt.joinColumns[0].referencedColumn)?.type ?? { kind: "integer" };
  const targetType = rel.target.columns.find((c) => c.name === jt.inverseJoinColumns[0].referencedColumn)?.type ?? { kind: "integer" };
  const perStatement = ctx.rowsPerStatement(2);
  for (let start = 0; start < pairs.length; start += perStatement) {
    const chunk = pairs.slice(start, start + perStatement);
    const node: InsertNode = {
      kind: "insert",
      table: { kind: "table", name: jt.name },
      columns: [
        { name: jt.joinColumns[0].name, type: ownerType, autoIncrement: false },
        { name: jt.inverseJoinColumns[0].name, type: targetType, autoIncrement: false },
      ],
      rows: chunk.map((p) => {
        const [a, b] = keyOf(rel, p.owner, p.target);
        return [param(a, ownerType), param(b, targetType)];
      }),
    };
    await conn.execute({ toStatementNode: () => node });
  }
}

async function deletePairs(conn: Connection, pairs: Pair[]): Promise<void> {
  const rel = pairs[0].relation;
  const jt = rel.joinTable;
  if (!jt) return;
  const ownerType = rel.entity.columns.find((c) => c.name === jt.joinColumns[0].referencedColumn)?.type ?? { kind: "integer" };
  const targetType = rel.target.columns.find((c) => c.name === jt.inverseJoinColumns[0].referencedColumn)?.type ?? { kind: "integer" };
  const column = (name: string, type: ColumnType): ExprNode => ({ kind: "column", table: jt.name, name, type });
  const node: DeleteNode = {
    kind: "delete",
    table: { kind: "table", name: jt.name },
    where: {
      kind: "logical",
      op: "or",
      items: pairs.map((p) => {
        const [a, b] = keyOf(rel, p.owner, p.target);
        return {
          kind: "logical" as const,
          op: "and" as const,
          items: [
            { kind: "binary" as const, op: "=" as const, left: column(jt.joinColumns[0].name, ownerType), right: param(a, ownerType) },
            {
              kind: "binary" as const,
              op: "=" as const,
              left: column(jt.inverseJoinColumns[0].name, targetType),
              right: param(b, targetType),
            },
          ],
        };
      }),
    },
  };
  await conn.execute({ toStatementNode: () => node });
}
