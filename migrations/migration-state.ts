import type { LedgerRow } from "./migration-ledger";
import type { MigrationFile } from "./migration-source";

/**
 * Where one migration stands: "pending" (a file not yet applied), "applied",
 * "blocked" (the ledger marks it failed or unfinished: resolve it first) or
 * "missing" (the ledger lists it but its file is gone).
 */
export interface MigrationState {
  readonly name: string;
  readonly state: "pending" | "applied" | "blocked" | "missing";
  readonly file?: MigrationFile;
  readonly row?: LedgerRow;
  /** Applied, but the file was edited since (its checksum differs from the ledger's). */
  readonly changed: boolean;
}

/** Every migration known from the folder or the ledger, sorted by name. */
export function migrationStates(files: readonly MigrationFile[], rows: readonly LedgerRow[]): MigrationState[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const states: MigrationState[] = files.map((file) => {
    const row = byName.get(file.name);
    if (!row) return { name: file.name, state: "pending", file, changed: false };
    return {
      name: file.name,
      state: row.status === "applied" ? "applied" : "blocked",
      file,
      row,
      changed: row.checksum !== file.checksum,
    };
  });
  const fileNames = new Set(files.map((f) => f.name));
  for (const row of rows) {
    if (!fileNames.has(row.name))
      states.push({ name: row.name, state: row.status === "applied" ? "missing" : "blocked", row, changed: false });
  }
  return states.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
