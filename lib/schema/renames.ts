import type { IntrospectedTable } from "../dialects";
import { type ColumnType, describeColumnType, type TableSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { renameColumnIn } from "./apply-table-operations";
import { SchemaRenameError } from "./schema-errors";

/**
 * A table or a column that has a new name in the entities and keeps its
 * data: `{ kind: "table", from: "people", to: "members" }`,
 * `{ kind: "column", table: "users", from: "fullname", to: "name" }`. A
 * column's `table` is the table's name in the entities (its old name is
 * accepted too).
 */
export type SchemaRename =
  | { readonly kind: "table"; readonly from: string; readonly to: string }
  | { readonly kind: "column"; readonly table: string; readonly from: string; readonly to: string };

/** A likely rename the diff found: a table or column gone and a compatible one new in the same change. */
export type RenameCandidate = SchemaRename & {
  /** What was found, for a question or a message: `users.fullname (varchar(100)) is gone and users.name (varchar(120)) is new`. */
  readonly description: string;
};

/** The rename as `--rename` and `--rename-table` take it: `users.fullname=name`, `people=members`. */
export function renameArgument(r: SchemaRename): string {
  return r.kind === "table" ? `${r.from}=${r.to}` : `${r.table}.${r.from}=${r.to}`;
}

/** Kinds whose values carry over to each other as they are: a rename may change one into the other. */
const FAMILY: Partial<Record<ColumnType["kind"], string>> = {
  integer: "integer",
  bigint: "integer",
  float: "number",
  decimal: "number",
  varchar: "text",
  text: "text",
  enum: "text",
  datetime: "instant",
  timestamptz: "instant",
};

function compatible(a: ColumnType, b: ColumnType): boolean {
  return (FAMILY[a.kind] ?? a.kind) === (FAMILY[b.kind] ?? b.kind);
}

/**
 * The live schema as it is once the renames have run, and the rename
 * operations themselves. Renames name what they rename in the live schema
 * and in the entities; anything else is refused, all problems at once.
 */
export function applyRenames(
  live: readonly IntrospectedTable[],
  wanted: readonly TableSchema[],
  renames: readonly SchemaRename[],
): { live: IntrospectedTable[]; operations: SchemaOperation[] } {
  const problems: string[] = [];
  const wantedByName = new Map(wanted.map((t) => [t.name, t]));
  let tables = [...live];
  const operations: SchemaOperation[] = [];
  const has = (name: string) => tables.some((t) => t.name === name);

  for (const r of renames.filter((r) => r.kind === "table")) {
    const arg = `table ${r.from} -> ${r.to}`;
    if (!has(r.from)) problems.push(`Rename of ${arg}: the database has no table ${r.from}.`);
    else if (!wantedByName.has(r.to)) problems.push(`Rename of ${arg}: no entity maps a table ${r.to}.`);
    else if (has(r.to)) problems.push(`Rename of ${arg}: the database already has a table ${r.to}.`);
    else if (wantedByName.has(r.from)) problems.push(`Rename of ${arg}: an entity still maps ${r.from}.`);
    else {
      tables = tables.map((t) => ({
        ...t,
        name: t.name === r.from ? r.to : t.name,
        foreignKeys: t.foreignKeys.map((fk) => (fk.referencedTable === r.from ? { ...fk, referencedTable: r.to } : fk)),
      }));
      operations.push({ kind: "renameTable", from: r.from, to: r.to });
    }
  }

  for (const r of renames.filter((r) => r.kind === "column")) {
    const tableName = wantedByName.has(r.table) ? r.table : (renames.find((t) => t.kind === "table" && t.from === r.table)?.to ?? r.table);
    const arg = `column ${r.table}.${r.from} -> ${r.to}`;
    const table = tables.find((t) => t.name === tableName);
    const target = wantedByName.get(tableName);
    if (!table || !target) {
      problems.push(`Rename of ${arg}: ${table ? "no entity maps" : "the database has no"} table ${r.table}.`);
      continue;
    }
    const liveHas = (name: string) => table.columns.some((c) => c.name === name);
    const wantedHas = (name: string) => target.columns.some((c) => c.name === name);
    if (!liveHas(r.from)) problems.push(`Rename of ${arg}: ${tableName} has no column ${r.from} in the database.`);
    else if (!wantedHas(r.to)) problems.push(`Rename of ${arg}: the entity of ${tableName} maps no column ${r.to}.`);
    else if (liveHas(r.to)) problems.push(`Rename of ${arg}: ${tableName} already has a column ${r.to} in the database.`);
    else if (wantedHas(r.from)) problems.push(`Rename of ${arg}: the entity of ${tableName} still maps ${r.from}.`);
    else {
      tables = tables.map((t) => {
        const renamed = t.name === tableName ? renameColumnIn(t, r.from, r.to) : t;
        return {
          ...renamed,
          foreignKeys: renamed.foreignKeys.map((fk) =>
            fk.referencedTable === tableName
              ? { ...fk, referencedColumns: fk.referencedColumns.map((c) => (c === r.from ? r.to : c)) }
              : fk,
          ),
        };
      });
      operations.push({ kind: "renameColumn", table: tableName, from: r.from, to: r.to });
    }
  }
  if (problems.length > 0) throw new SchemaRenameError(problems);
  return { live: tables, operations };
}

/**
 * Likely renames between the live schema (renames given already applied)
 * and the entities, with the rule the CLI asks about:
 *
 * - a column only in the database and one only in the entities, in the same
 *   table, whose types carry values over (integer and bigint, float and
 *   decimal, varchar, text and enum, datetime and timestamptz, else the same
 *   kind), neither generated by the database;
 * - a table only in the database and one only in the entities with the
 *   same primary key columns, when the columns they share (same name,
 *   compatible type) are more than half of the old one's and more than half
 *   of the new one's (a renamed table may have a renamed column too).
 *
 * Every pairing is listed (a column gone with two compatible new ones gives
 * two candidates); the one who answers picks.
 */
export function findRenameCandidates(
  live: readonly IntrospectedTable[],
  wanted: readonly TableSchema[],
  ignored: ReadonlySet<string>,
): RenameCandidate[] {
  const candidates: RenameCandidate[] = [];
  const liveByName = new Map(live.filter((t) => !ignored.has(t.name)).map((t) => [t.name, t]));
  const wantedByName = new Map(wanted.filter((t) => !ignored.has(t.name)).map((t) => [t.name, t]));

  const goneTables = [...liveByName.values()].filter((t) => !wantedByName.has(t.name));
  const newTables = [...wantedByName.values()].filter((t) => !liveByName.has(t.name));
  for (const gone of goneTables) {
    for (const added of newTables) {
      const kept = gone.columns.filter((c) => added.columns.some((a) => a.name === c.name && compatible(a.type, c.type)));
      const sameKey = gone.primaryKey.length === added.primaryKey.length && gone.primaryKey.every((k, i) => k === added.primaryKey[i]);
      if (sameKey && kept.length * 2 > gone.columns.length && kept.length * 2 > added.columns.length) {
        const same = kept.length === gone.columns.length && kept.length === added.columns.length;
        candidates.push({
          kind: "table",
          from: gone.name,
          to: added.name,
          description: `table ${gone.name} is gone and table ${added.name}, with ${same ? "the same columns" : `${kept.length} of its ${gone.columns.length} columns`}, is new`,
        });
      }
    }
  }

  for (const [name, w] of [...wantedByName].sort(([a], [b]) => a.localeCompare(b))) {
    const l = liveByName.get(name);
    if (!l) continue;
    const gone = l.columns.filter((c) => !c.autoIncrement && !w.columns.some((x) => x.name === c.name));
    const added = w.columns.filter((c) => !c.autoIncrement && !l.columns.some((x) => x.name === c.name));
    for (const g of gone) {
      for (const a of added) {
        if (!compatible(g.type, a.type)) continue;
        candidates.push({
          kind: "column",
          table: name,
          from: g.name,
          to: a.name,
          description: `column ${name}.${g.name} (${describeColumnType(g.type)}) is gone and ${name}.${a.name} (${describeColumnType(a.type)}) is new`,
        });
      }
    }
  }
  return candidates;
}
