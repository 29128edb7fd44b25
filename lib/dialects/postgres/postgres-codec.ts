import type { ColumnKind, ColumnType } from "../../sql/column-type";
import { formatUtcDateTime, parseUtcDateTime } from "../base/datetime-format";
import { type Decoder, parseJson, TypeCodec, toBigInt, toNumber } from "../base/type-codec";
import type { DriverColumn } from "../driver";

/** PostgreSQL type OIDs that Strata reads as raw text and converts itself (see postgres-driver). */
export const PG_OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  json: 114,
  float4: 700,
  float8: 701,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

const toDate: Decoder = (raw) => parseUtcDateTime(raw as string);
/** Raw SQL's int8 (e.g. count(*)): a number while exact, a bigint beyond 2^53. */
const int8Value: Decoder = (raw) => {
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : BigInt(raw as string);
};

export class PostgresCodec extends TypeCodec {
  protected encodeValid(value: unknown, kind: ColumnKind): unknown {
    if (value === null) return null;
    switch (kind) {
      case "bigint":
        return (value as bigint).toString();
      case "datetime":
        return formatUtcDateTime(value as Date);
      case "timestamptz":
        return `${formatUtcDateTime(value as Date)}+00`;
      default:
        return value;
    }
  }

  protected encodeUntyped(value: unknown): unknown {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Date) return `${formatUtcDateTime(value)}+00`;
    return value;
  }

  decoderFor(type: ColumnType | undefined, column: DriverColumn): Decoder | undefined {
    const oid = column.typeId;
    switch (type?.kind) {
      case undefined:
        return this.untypedDecoder(oid);
      case "integer":
      case "float":
        return oid === PG_OID.int8 || oid === PG_OID.numeric ? toNumber : undefined;
      case "bigint":
        return toBigInt;
      case "decimal":
        return oid === PG_OID.numeric ? undefined : (raw) => String(raw);
      case "datetime":
      case "timestamptz":
        return toDate;
      case "json":
        return oid === PG_OID.json || oid === PG_OID.jsonb ? parseJson : undefined;
      default:
        return undefined;
    }
  }

  private untypedDecoder(oid: number | string | undefined): Decoder | undefined {
    switch (oid) {
      case PG_OID.int8:
        return int8Value;
      case PG_OID.timestamp:
      case PG_OID.timestamptz:
        return toDate;
      case PG_OID.json:
      case PG_OID.jsonb:
        return parseJson;
      default:
        return undefined;
    }
  }
}
