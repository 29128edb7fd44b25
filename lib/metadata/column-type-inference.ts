import { COLUMN_KINDS, type ColumnKind, type ColumnType, columnType } from "../sql";
import type { ColumnOptions, PrimaryKeyOptions } from "./decorator-options";
import type { ColumnRecord } from "./decorator-registry";

const KINDS: ReadonlySet<string> = new Set(COLUMN_KINDS);

/** The kind design:type points to, where it is enough to know. */
function kindFromDesignType(designType: unknown, options: PrimaryKeyOptions): ColumnKind | undefined {
  switch (designType) {
    case String:
      return options.generated === "uuid" ? "uuid" : "varchar";
    case Number:
      return "integer";
    case Boolean:
      return "boolean";
    case Date:
      return "timestamptz";
    case BigInt:
      return "bigint";
    case Buffer:
    case Uint8Array:
      return "blob";
    default:
      return undefined;
  }
}

function describeDesignType(designType: unknown): string {
  if (designType === undefined) return "no type metadata was emitted (is emitDecoratorMetadata on? esbuild/tsx never emit it)";
  if (designType === Object) return "its TypeScript type is a union, an object or `any`";
  if (designType === Array) return "it is an array";
  return `its TypeScript type is ${(designType as { name?: string })?.name ?? "unknown"}`;
}

/**
 * Said of a nullable property, whose union with null hides its type: the
 * other types a `T | null` is usually written for, Date first (a nullable
 * due date is the common case, and it has three column types to pick from).
 */
const NULLABLE_HINTS =
  '; for Date | null, { type: "timestamptz", nullable: true } (an instant), { type: "datetime", nullable: true } (a wall-clock time without a zone) or { type: "date", nullable: true } (a day); for number | null, { type: "integer", nullable: true } or "float"; for boolean | null, { type: "boolean", nullable: true }.';

/** Whether design:type leaves a string column possible: String, or a type it cannot tell (unions, no metadata). */
function stringOrUnknown(designType: unknown): boolean {
  return designType === undefined || designType === Object || designType === String;
}

function enumValues(options: ColumnOptions): string[] | undefined {
  if (!options.enum) return undefined;
  return Array.isArray(options.enum) ? [...options.enum] : Object.values(options.enum as Record<string, string>);
}

/**
 * The column type of a decorated property: the `type` option, else the enum
 * values, else design:type. Returns a problem text (naming the option to add)
 * when none of them tells.
 */
export function inferColumnType(record: ColumnRecord, where: string): ColumnType | string {
  const o = record.options;
  const values = enumValues(o);
  let kind: ColumnKind | undefined;
  if (o.type !== undefined) {
    if (!KINDS.has(o.type)) return `${where}: unknown type "${o.type}"; use one of ${[...KINDS].join(", ")}.`;
    kind = o.type;
  } else if (values) kind = "enum";
  // A precision on a Date is its fractional seconds (timestamptz below); elsewhere precision or scale mean a decimal.
  else if (
    o.scale !== undefined ||
    (o.precision !== undefined && record.designType !== Date && record.role !== "createdAt" && record.role !== "updatedAt")
  )
    kind = "decimal";
  else if (o.length !== undefined && stringOrUnknown(record.designType)) kind = "varchar";
  else if (record.role === "version") kind = "integer";
  else if (record.role === "createdAt" || record.role === "updatedAt") kind = "timestamptz";
  else kind = kindFromDesignType(record.designType, o);
  if (!kind) {
    return `${where}: cannot tell the column type (${describeDesignType(record.designType)}); add the type option, e.g. @Column({ type: "json" }) for objects and arrays, { type: "varchar", nullable: true } (or { length: 100, nullable: true }) for string | null, { type: "text" } for long text${o.nullable ? NULLABLE_HINTS : "."}`;
  }
  if (kind === "varchar") {
    const length = o.length ?? 255;
    if (!Number.isSafeInteger(length) || length <= 0) return `${where}: length must be a positive integer, got ${String(o.length)}.`;
    return columnType("varchar", { length });
  }
  if (kind === "decimal") {
    const precision = o.precision ?? 10;
    const scale = o.scale ?? 2;
    if (!Number.isSafeInteger(precision) || precision <= 0 || !Number.isSafeInteger(scale) || scale < 0 || scale > precision) {
      return `${where}: decimal needs precision > 0 and 0 <= scale <= precision, got precision ${String(o.precision)}, scale ${String(o.scale)}.`;
    }
    return columnType("decimal", { precision, scale });
  }
  if ((kind === "datetime" || kind === "timestamptz") && o.precision !== undefined) {
    if (!Number.isSafeInteger(o.precision) || o.precision < 0 || o.precision > 6) {
      return `${where}: precision of a ${kind} column is the digits of fractional seconds, 0 to 6; got ${String(o.precision)}.`;
    }
    return columnType(kind, { precision: o.precision });
  }
  if (kind === "enum") {
    if (!values || values.length === 0 || values.some((v) => typeof v !== "string")) {
      return `${where}: an enum column needs its values: add enum: ["a", "b"] (or a string enum object).`;
    }
    return columnType("enum", { values: Object.freeze(values) });
  }
  return columnType(kind);
}
