/** The portable column types, in one list; each dialect maps them to its own SQL types and JS values. */
export const COLUMN_KINDS = [
  "integer",
  "bigint",
  "float",
  "decimal",
  "varchar",
  "text",
  "boolean",
  "date",
  "datetime",
  "timestamptz",
  "json",
  "uuid",
  "blob",
  "enum",
] as const;

/** One of the portable column types. */
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** A column's type: its kind plus the parameters that kind takes. Plain frozen data. */
export interface ColumnType {
  readonly kind: ColumnKind;
  /** varchar length in characters. */
  readonly length?: number;
  /**
   * decimal: precision (total digits), with scale (digits after the point).
   * datetime and timestamptz: digits of fractional seconds (0 to 6) where the
   * database keeps them (PostgreSQL, MySQL); undefined is 3, milliseconds,
   * what a JS Date holds.
   */
  readonly precision?: number;
  readonly scale?: number;
  /** The allowed values of an enum column. */
  readonly values?: readonly string[];
}

export function columnType(kind: ColumnKind, params: Omit<ColumnType, "kind"> = {}): ColumnType {
  return Object.freeze({ kind, ...params });
}

/** Whether columns of this type hold text that a collation compares (varchar, text): the ones the `collation` options apply to. */
export function takesCollation(type: ColumnType): boolean {
  return type.kind === "varchar" || type.kind === "text";
}

/** How a column type reads in messages: `varchar(100)`, `decimal(10, 2)`. */
export function describeColumnType(type: ColumnType): string {
  switch (type.kind) {
    case "varchar":
      return `varchar(${type.length})`;
    case "decimal":
      return `decimal(${type.precision}, ${type.scale})`;
    case "enum":
      return `enum(${(type.values ?? []).map((v) => JSON.stringify(v)).join(", ")})`;
    default:
      return type.kind;
  }
}
