import type { ColumnKind, ColumnType } from "../../sql/column-type";
import { formatUtcDateTime, parseUtcDateTime } from "../base/datetime-format";
import { type Decoder, parseJson, TypeCodec, toBigInt, toNumber } from "../base/type-codec";
import { rejectValue, validateValue } from "../base/value-validation";
import type { DriverColumn } from "../driver";

/** mysql2's column type codes (MySQL protocol field types). */
export const MYSQL_TYPE = {
  decimal: 0,
  tiny: 1,
  long: 3,
  double: 5,
  longlong: 8,
  date: 10,
  datetime: 12,
  json: 245,
  newdecimal: 246,
} as const;

const toBoolean: Decoder = (raw) => Number(raw) !== 0;
const toDate: Decoder = (raw) => (raw instanceof Date ? raw : parseUtcDateTime(raw as string));
const int8Value: Decoder = (raw) => {
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : BigInt(raw as string);
};

/**
 * MySQL/MariaDB values: booleans as 0/1, instants as UTC DATETIME(3) text
 * (the session runs in UTC), 64-bit integers and decimals as strings from the
 * driver, converted exactly here.
 */
export class MysqlCodec extends TypeCodec {
  /**
   * DATETIME holds years 1000 to 9999 on MySQL and MariaDB (earlier years are
   * documented as unsupported). Refusing the rest keeps every stored value one
   * that mysql2 reads back exactly as a Date (it reads years 1-99 as 1901-1999).
   */
  protected validate(value: unknown, type: ColumnType, target?: string): unknown {
    const valid = validateValue(value, type, target);
    if ((type.kind === "datetime" || type.kind === "timestamptz") && (valid as Date).getUTCFullYear() < 1000) {
      rejectValue(
        value,
        type,
        target,
        `its year (in UTC) is ${(valid as Date).getUTCFullYear()}; MySQL and MariaDB DATETIME columns hold years from 1000 to 9999 only.`,
      );
    }
    return valid;
  }

  protected encodeValid(value: unknown, kind: ColumnKind): unknown {
    if (value === null) return null;
    switch (kind) {
      case "boolean":
        return value ? 1 : 0;
      case "bigint":
        return (value as bigint).toString();
      case "datetime":
      case "timestamptz":
        return formatUtcDateTime(value as Date);
      default:
        return value;
    }
  }

  protected encodeUntyped(value: unknown): unknown {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Date) return formatUtcDateTime(value);
    return value;
  }

  decoderFor(type: ColumnType | undefined, column: DriverColumn): Decoder | undefined {
    const t = column.typeId;
    switch (type?.kind) {
      case undefined:
        if (t === MYSQL_TYPE.longlong) return int8Value;
        if (t === MYSQL_TYPE.datetime) return toDate;
        return undefined;
      case "integer":
      case "float":
        return t === MYSQL_TYPE.longlong || t === MYSQL_TYPE.newdecimal || t === MYSQL_TYPE.decimal ? toNumber : undefined;
      case "bigint":
        return toBigInt;
      case "decimal":
        return t === MYSQL_TYPE.newdecimal || t === MYSQL_TYPE.decimal ? undefined : (raw) => String(raw);
      case "boolean":
        return toBoolean;
      case "datetime":
      case "timestamptz":
        return toDate;
      case "json":
        // The driver hands JSON over as text (jsonStrings), from MySQL's JSON type and MariaDB's LONGTEXT alike.
        return parseJson;
      default:
        return undefined;
    }
  }
}
