import type { Connection } from "../../engine";
import type { RelationMetadata } from "../../metadata";
import type { ColumnType, DeleteNode, ExprNode, InsertNode } from "../../sql";
import type { JoinRowChange } from "./change-set";
import type { FlushContext } from "./flush-context";

type Row = Record<string, unknown>;

function keyOf(relation: RelationMetadata, owner: object, target: object): unknown[] {
  const jt = relation.joinTable;
  if (!jt) return [];
  const ownerKey = relation.entity.columns.find((c) => c.name === jt.joinColumns[0].referencedColumn);
  const targetKey = relation.target.columns.find((c) => c.name === jt.inverseJoinColumns[0].referencedColumn);
  return [(owner as Row)[ownerKey?.property as string], (target as Row)[targetKey?.property as string]];
}

/**
 * Delete, then insert, the join-table rows of many-to-many relations the
 * change set found removed and added (each pair once, from the owning
 * side's point of view), by the keys the objects have now: those inserted by
 * this flush have theirs.
 */
export async function emitJoinRows(ctx: FlushContext, added: readonly JoinRowChange[], removed: readonly JoinRowChange[]): Promise<void> {
  const conn = await ctx.connection();
  for (const group of groupByRelation(removed)) await deletePairs(conn, group);
  for (const group of groupByRelation(added)) await insertPairs(ctx, conn, group);
}

function groupByRelation(pairs: readonly JoinRowChange[]): JoinRowChange[][] {
  const groups = new Map<RelationMetadata, JoinRowChange[]>();
  for (const p of pairs) {
    const group = groups.get(p.relation);
    if (group) group.push(p);
    else groups.set(p.relation, [p]);
  }
  return [...groups.values()];
}

function param(value: unknown, type: ColumnType): ExprNode {
  return { kind: "param", value, type };
}

async function insertPairs(ctx: FlushContext, conn: Connection, pairs: JoinRowChange[]): Promise<void> {
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

async function deletePairs(conn: Connection, pairs: JoinRowChange[]): Promise<void> {
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
