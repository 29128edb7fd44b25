import type { Connection } from "../../engine";
import type { RelationMetadata } from "../../metadata";
import {
  binaryNode,
  type ColumnType,
  columnNode,
  deleteNode,
  insertNode,
  logicalNode,
  paramNode,
  tableNode,
  valuesRowNode,
} from "../../sql";
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

/**
 * Most join rows one DELETE matches: each is an OR term of two comparisons,
 * and SQLite refuses expression trees deeper than 1,000.
 */
const PAIRS_PER_DELETE = 400;

/** The types of a join table's two key columns: those of the keys they reference. */
function keyTypes(rel: RelationMetadata, jt: NonNullable<RelationMetadata["joinTable"]>): [ColumnType, ColumnType] {
  const owner = rel.entity.columns.find((c) => c.name === jt.joinColumns[0].referencedColumn)?.type ?? INTEGER;
  const target = rel.target.columns.find((c) => c.name === jt.inverseJoinColumns[0].referencedColumn)?.type ?? INTEGER;
  return [owner, target];
}

const INTEGER: ColumnType = Object.freeze({ kind: "integer" });

async function insertPairs(ctx: FlushContext, conn: Connection, pairs: JoinRowChange[]): Promise<void> {
  const rel = pairs[0].relation;
  const jt = rel.joinTable;
  if (!jt) return;
  const [ownerType, targetType] = keyTypes(rel, jt);
  const columns = [
    { name: jt.joinColumns[0].name, type: ownerType, autoIncrement: false },
    { name: jt.inverseJoinColumns[0].name, type: targetType, autoIncrement: false },
  ];
  const perStatement = ctx.rowsPerStatement(2);
  for (let start = 0; start < pairs.length; start += perStatement) {
    const rows = pairs.slice(start, start + perStatement).map((p) => valuesRowNode(keyOf(rel, p.owner, p.target)));
    await conn.run(conn.dialect.compiler.compile(insertNode(tableNode(jt.name), columns, rows)));
  }
}

async function deletePairs(conn: Connection, pairs: JoinRowChange[]): Promise<void> {
  const rel = pairs[0].relation;
  const jt = rel.joinTable;
  if (!jt) return;
  const [ownerType, targetType] = keyTypes(rel, jt);
  const ownerColumn = columnNode(jt.name, jt.joinColumns[0].name, ownerType);
  const targetColumn = columnNode(jt.name, jt.inverseJoinColumns[0].name, targetType);
  for (let start = 0; start < pairs.length; start += PAIRS_PER_DELETE) {
    const matches = pairs.slice(start, start + PAIRS_PER_DELETE).map((p) => {
      const [a, b] = keyOf(rel, p.owner, p.target);
      return logicalNode("and", [
        binaryNode("=", ownerColumn, paramNode(a, ownerType)),
        binaryNode("=", targetColumn, paramNode(b, targetType)),
      ]);
    });
    await conn.run(conn.dialect.compiler.compile(deleteNode(tableNode(jt.name), logicalNode("or", matches))));
  }
}
