import type { Dialect, IntrospectedTable } from "../dialects";
import { orderTablesForCreate, type TableSchema } from "../sql";
import type { SchemaOperation } from "../sql/nodes/schema-operations";
import { diffColumns } from "./diff-columns";
import { type DiffContext, liveOnlyNote } from "./diff-context";
import { diffForeignKeys, diffIndexes, diffUniques } from "./diff-keys";
import { foldRebuilds } from "./fold-rebuilds";
import { withReferencedCollations } from "./foreign-key-collations";
import { foreignKeysAroundAlters } from "./foreign-keys-around-alters";
import { orderOperations } from "./operation-order";
import { plainTable } from "./plain-schema";
import { applyRenames, findRenameCandidates, type RenameCandidate, type SchemaRename } from "./renames";

export interface DiffOptions {
  /** Drop tables, columns, indexes and constraints that are only in the database. Off by default: they are kept and reported. */
  readonly allowDrop?: boolean;
  /** Tables the diff leaves alone entirely (e.g. the migration ledger). */
  readonly ignoreTables?: readonly string[];
  /** Tables and columns that were renamed in the entities: renamed in the database, keeping their data, instead of dropped and added. */
  readonly renames?: readonly SchemaRename[];
}

export interface SchemaDiff {
  /** The changes, in the order they must run. */
  readonly operations: SchemaOperation[];
  /** What differs and is not changed: objects only in the database (unless dropped), changes sync does not make. */
  readonly warnings: string[];
  /** Likely renames not given in `renames`: the operations treat them as a drop (or a kept leftover) and an add. */
  readonly renameCandidates: RenameCandidate[];
}

/**
 * The operations that turn the live schema into the wanted one. Types and
 * defaults are compared the way the dialect stores them, so a schema Strata
 * created diffs to nothing; a collation only where the wanted column names
 * one (so tables created before are left with theirs). Renames are made
 * only where `renames` names them: otherwise a renamed column is a new
 * column plus one only in the database, which is kept and reported unless
 * allowDrop is set, and the pair is listed in `renameCandidates`.
 */
export function diffSchema(
  live: readonly IntrospectedTable[],
  wanted: readonly TableSchema[],
  dialect: Dialect,
  options: DiffOptions = {},
): SchemaDiff {
  const ignored = new Set(options.ignoreTables ?? []);
  const wantedTables = wanted.filter((t) => !ignored.has(t.name));
  const renamed = applyRenames(
    live.filter((t) => !ignored.has(t.name)),
    wantedTables,
    options.renames ?? [],
  );
  const liveTables = renamed.live;
  const liveByName = new Map(liveTables.map((t) => [t.name, t]));
  const ctx: DiffContext = {
    ddl: dialect.ddl,
    live: liveByName,
    allowDrop: options.allowDrop === true,
    uniqueIndexIsConstraint: dialect.introspector.uniqueIndexIsConstraint,
    warnings: [],
  };
  const wantedNames = new Set(wantedTables.map((t) => t.name));
  const ops: SchemaOperation[] = [];
  const canAlterForeignKeys = dialect.capabilities.alterTableAddForeignKey;

  const dropped = liveTables.filter((t) => !wantedNames.has(t.name));
  for (const t of dropped) ctx.warnings.push(liveOnlyNote(`Table ${t.name}`, ctx));
  if (ctx.allowDrop && dropped.length > 0) {
    // Dependents first; a cycle among the dropped tables is cut by dropping its closing foreign keys first.
    const order = orderTablesForCreate(dropped.map(plainTable));
    const cut = canAlterForeignKeys ? order.deferred : [];
    for (const d of cut) ops.push({ kind: "dropForeignKey", table: d.table, foreignKey: d.foreignKey });
    for (const t of [...order.tables].reverse()) {
      ops.push({ kind: "dropTable", table: { ...t, foreignKeys: t.foreignKeys.filter((fk) => !cut.some((d) => d.foreignKey === fk)) } });
    }
  }

  const created = orderTablesForCreate(wantedTables.filter((t) => !liveByName.has(t.name)));
  const later = canAlterForeignKeys ? created.deferred : [];
  for (const t of created.tables) {
    const table = withReferencedCollations(t, liveByName, dialect.ddl);
    ops.push({
      kind: "createTable",
      table: { ...table, foreignKeys: table.foreignKeys.filter((fk) => !later.some((d) => d.foreignKey === fk)) },
    });
  }
  for (const d of later) ops.push({ kind: "addForeignKey", table: d.table, foreignKey: d.foreignKey });

  for (const w of [...wantedTables].sort((a, b) => a.name.localeCompare(b.name))) {
    const l = liveByName.get(w.name);
    if (!l) continue;
    ops.push(...diffForeignKeys(l, w, ctx), ...diffUniques(l, w, ctx), ...diffIndexes(l, w, ctx), ...diffColumns(l, w, ctx));
    if (dialect.ddl.storesComments && (l.comment ?? "") !== (w.comment ?? "")) {
      ops.push({
        kind: "setTableComment",
        table: w.name,
        ...(w.comment ? { comment: w.comment } : {}),
        ...(l.comment ? { previous: l.comment } : {}),
      });
    }
  }

  const plainLive = new Map(liveTables.map((t) => [t.name, plainTable(t)]));
  return {
    operations: orderOperations([
      ...renamed.operations,
      ...foldRebuilds(foreignKeysAroundAlters(ops, liveTables, dialect.ddl), plainLive, dialect.ddl),
    ]),
    warnings: ctx.warnings,
    renameCandidates: findRenameCandidates(liveTables, wantedTables, ignored),
  };
}
