import { createHash } from "node:crypto";

/** The longest identifier every supported database accepts (PostgreSQL: 63 bytes). */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * A deterministic constraint or index name, e.g. `fk_tasks_owner_id`. Names
 * too long for the databases are cut and given a short hash so they stay
 * unique and stable across runs.
 */
export function constraintName(prefix: "pk" | "fk" | "uq" | "ix", table: string, columns: readonly string[]): string {
  const full = `${prefix}_${table}_${columns.join("_")}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_LENGTH) return full;
  const hash = createHash("sha1").update(full).digest("hex").slice(0, 8);
  let cut = full.slice(0, MAX_IDENTIFIER_LENGTH - hash.length - 1);
  while (Buffer.byteLength(cut) > MAX_IDENTIFIER_LENGTH - hash.length - 1) cut = cut.slice(0, -1);
  return `${cut}_${hash}`;
}
