import type { IntrospectedTable } from "../dialects";
import type { TableSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { plainTable } from "./plain-schema";

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : { [key]: value });

/** One operation's inverse. `before` finds the live table as it was, so a drop's inverse recreates exactly what the database had. */
function inverse(op: SchemaOperation, before: (table: string) => TableSchema | undefined): SchemaOperation {
  switch (op.kind) {
    case "createTable":
      return { kind: "dropTable", table: op.table };
    case "dropTable":
      return { kind: "createTable", table: op.table };
    case "addColumn":
      return { kind: "dropColumn", table: op.table, column: op.column };
    case "dropColumn": {
      const live = before(op.table)?.columns.find((c) => c.name === op.column.name);
      return { kind: "addColumn", table: op.table, column: live ?? op.column };
    }
    case "alterColumn":
      return { kind: "alterColumn", table: op.table, from: op.to, to: op.from, changes: op.changes };
    case "addIndex":
      return { kind: "dropIndex", table: op.table, index: op.index };
    case "dropIndex":
      return { kind: "addIndex", table: op.table, index: op.index };
    case "addUnique":
      return { kind: "dropUnique", table: op.table, unique: op.unique };
    case "dropUnique":
      return { kind: "addUnique", table: op.table, unique: op.unique };
    case "addForeignKey":
      return { kind: "dropForeignKey", table: op.table, foreignKey: op.foreignKey };
    case "dropForeignKey":
      return { kind: "addForeignKey", table: op.table, foreignKey: op.foreignKey };
    case "rebuildTable":
      return { kind: "rebuildTable", from: op.to, to: op.from };
    case "renameTable":
      return { kind: "renameTable", from: op.to, to: op.from };
    case "renameColumn":
      return { kind: "renameColumn", table: op.table, from: op.to, to: op.from };
    case "setTableComment":
      return { kind: "setTableComment", table: op.table, ...optional("comment", op.previous), ...optional("previous", op.comment) };
  }
}

/**
 * The operations that undo the given ones, last first: a generated
 * migration's down(). Operations carry what they drop; where `live` (the
 * schema the operations were diffed against) still describes a dropped
 * column, that definition is used. Rows of dropped tables and columns are
 * not brought back, only their structure; a rebuild reversed copies back
 * only the columns both definitions share.
 */
export function reverseOperations(operations: readonly SchemaOperation[], live: readonly IntrospectedTable[]): SchemaOperation[] {
  const byName = new Map(live.map((t) => [t.name, t]));
  const before = (name: string) => {
    const t = byName.get(name);
    return t ? plainTable(t) : undefined;
  };
  return [...operations].reverse().map((op) => inverse(op, before));
}
