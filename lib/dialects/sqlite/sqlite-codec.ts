import type { ColumnKind, ColumnType } from "../../sql/column-type";
import { formatUtcDateTime, parseUtcDateTime } from "../base/datetime-format";
import { type Decoder, parseJson, TypeCodec, toBigInt, toDecimalString } from "../base/type-codec";
import type { DriverColumn } from "../driver";

const toBoolean: Decoder = (raw) => Number(raw) !== 0;
const exactToNumber: Decoder = (raw) => (typeof raw === "bigint" ? Number(raw) : raw);
/** Raw SQL's integers, like int8 on the other databases: a number while exact, a bigint beyond 2^53. */
const rawInteger: Decoder = (raw) =>
  typeof raw === "bigint" && raw >= Number.MIN_SAFE_INTEGER && raw <= Number.MAX_SAFE_INTEGER ? Number(raw) : raw;
const toDate: Decoder = (raw) => parseUtcDateTime(raw as string);
const jsonValue: Decoder = (raw) => (typeof raw === "bigint" ? Number(raw) : parseJson(raw));

/**
 * Decimals are stored as exact text, but SQLite's arithmetic on them (sum,
 * avg) yields a float: write that back as decimal text at the type's scale,
 * as the other databases print it (20 -> "20.00").
 */
function floatAsDecimal(value: number, scale: number): string {
  const shortest = String(value);
  const fraction = /\.(\d+)$/.exec(shortest)?.[1] ?? "";
  if (/e/i.test(shortest) || fraction.length > scale) return value.toFixed(Math.min(scale, 100));
  if (scale === 0) return shortest;
  return `${shortest}${fraction ? "" : "."}${"0".repeat(scale - fraction.length)}`;
}

/** One decoder per scale, so queries of one shape share their row factory. */
const decimalDecoders = new Map<number, Decoder>();

function decimalDecoder(scale: number): Decoder {
  let decoder = decimalDecoders.get(scale);
  if (!decoder) {
    decoder = (raw) => (typeof raw === "number" ? floatAsDecimal(raw, scale) : toDecimalString(raw));
    decimalDecoders.set(scale, decoder);
  }
  return decoder;
}

/**
 * SQLite values: booleans as 0/1, instants as UTC `YYYY-MM-DD HH:MM:SS.sss`
 * text (what SQLite's own date functions use), decimals as exact text.
 */
export class SqliteCodec extends TypeCodec {
  protected encodeValid(value: unknown, kind: ColumnKind): unknown {
    if (value === null) return null;
    switch (kind) {
      case "boolean":
        return value ? 1 : 0;
      case "datetime":
      case "timestamptz":
        return formatUtcDateTime(value as Date);
      default:
        return value;
    }
  }

  protected encodeUntyped(value: unknown): unknown {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (value instanceof Date) return formatUtcDateTime(value);
    return value;
  }

  /** Raw SQL has no types to ask for, so its integers are read exactly and rawInteger picks number or bigint. */
  needsExactIntegers(types: readonly (ColumnType | undefined)[] | undefined): boolean {
    return types === undefined || super.needsExactIntegers(types);
  }

  decoderFor(type: ColumnType | undefined, _column: DriverColumn, exactIntegers: boolean): Decoder | undefined {
    switch (type?.kind) {
      case undefined:
        return exactIntegers ? rawInteger : undefined;
      case "integer":
      case "float":
        return exactIntegers ? exactToNumber : undefined;
      case "bigint":
        return toBigInt;
      case "decimal":
        return decimalDecoder(type.scale ?? 0);
      case "boolean":
        return toBoolean;
      case "datetime":
      case "timestamptz":
        return toDate;
      case "json":
        return jsonValue;
      default:
        return undefined;
    }
  }
}
