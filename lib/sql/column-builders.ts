import { InvalidValueError } from "../errors";
import { ColumnBuilder } from "./column-builder";
import { type ColumnType, columnType } from "./column-type";

function builder<T, TAutoKey extends boolean = false>(type: ColumnType): ColumnBuilder<T, false, false, TAutoKey> {
  return new ColumnBuilder({ type, primaryKey: false, generated: false, notNull: false, unique: false, index: false });
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidValueError(`${what} must be a positive integer, got ${value}.`);
  }
  return value;
}

/** 32-bit signed integer; `number` in JS. */
export function integer(): ColumnBuilder<number, false, false, true> {
  return builder<number, true>(columnType("integer"));
}

/** 64-bit signed integer; `bigint` in JS so that no value loses precision. */
export function bigint(): ColumnBuilder<bigint, false, false, true> {
  return builder<bigint, true>(columnType("bigint"));
}

/** Double-precision floating point; `number` in JS. */
export function float(): ColumnBuilder<number> {
  return builder(columnType("float"));
}

/** Exact decimal; a `string` in JS so that no digit is lost (`"0.10"`). */
export function decimal(precision = 10, scale = 2): ColumnBuilder<string> {
  positiveInteger(precision, "decimal precision");
  if (!Number.isSafeInteger(scale) || scale < 0 || scale > precision) {
    throw new InvalidValueError(`decimal scale must be an integer from 0 to the precision (${precision}), got ${scale}.`);
  }
  return builder(columnType("decimal", { precision, scale }));
}

/** Variable-length text of at most `length` characters. */
export function varchar(length = 255): ColumnBuilder<string> {
  return builder(columnType("varchar", { length: positiveInteger(length, "varchar length") }));
}

/** Text of any length. */
export function text(): ColumnBuilder<string> {
  return builder(columnType("text"));
}

export function boolean(): ColumnBuilder<boolean> {
  return builder(columnType("boolean"));
}

/** A calendar date, as a `"YYYY-MM-DD"` string (no time zone can shift it). */
export function date(): ColumnBuilder<string> {
  return builder(columnType("date"));
}

/** A date and time without time zone, stored as UTC wall-clock time with milliseconds; `Date` in JS. */
export function datetime(): ColumnBuilder<Date> {
  return builder(columnType("datetime"));
}

/** An instant in time: UTC in, the same instant out; `Date` in JS. */
export function timestamptz(): ColumnBuilder<Date> {
  return builder(columnType("timestamptz"));
}

/** A JSON document; `T` is what it parses to. */
export function json<T = unknown>(): ColumnBuilder<T> {
  return builder(columnType("json"));
}

/** A UUID, as a lowercase string. */
export function uuid(): ColumnBuilder<string> {
  return builder(columnType("uuid"));
}

/** Binary data; `Buffer` in JS. */
export function blob(): ColumnBuilder<Buffer> {
  return builder(columnType("blob"));
}

/** One of a fixed list of strings. */
export function enumOf<const V extends readonly [string, ...string[]]>(values: V): ColumnBuilder<V[number]> {
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) {
    throw new InvalidValueError("enumOf() takes a non-empty array of strings.");
  }
  if (new Set(values).size !== values.length) {
    throw new InvalidValueError(`enumOf() values must be distinct, got ${JSON.stringify(values)}.`);
  }
  return builder(columnType("enum", { values: Object.freeze([...values]) }));
}
