import type { ColumnType } from "../../sql";

/**
 * A copy of a column value that later changes to the live value cannot
 * reach, and that compares with `===`: Dates as their time, JSON as its
 * text, Buffers as hex. Snapshots keep values in this form.
 */
export function toComparable(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return value;
  switch (type.kind) {
    case "datetime":
    case "timestamptz":
      return value instanceof Date ? value.getTime() : value;
    case "json":
      return JSON.stringify(value);
    case "blob":
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value;
    default:
      return value;
  }
}

/** Whether values of this type have a comparable form different from themselves. */
export function hasComparableForm(type: ColumnType): boolean {
  return type.kind === "datetime" || type.kind === "timestamptz" || type.kind === "json" || type.kind === "blob";
}

/** A fresh live value from its comparable form (for restoring objects on rollback). */
export function fromComparable(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return value;
  switch (type.kind) {
    case "datetime":
    case "timestamptz":
      return typeof value === "number" ? new Date(value) : value;
    case "json":
      return typeof value === "string" ? JSON.parse(value) : value;
    case "blob":
      return typeof value === "string" ? Buffer.from(value, "hex") : value;
    default:
      return value;
  }
}
