import type { ColumnKind, ColumnType } from "../../sql/column-type";
import type { DriverColumn } from "../driver";
import { validateUntypedValue, validateValue } from "./value-validation";

/** Validates one value for a column and converts it for the driver, as TypeCodec.encode does. */
export type Encoder = (value: unknown) => unknown;

/** Turns a non-null driver value into its JS value. */
export type Decoder = (raw: unknown) => unknown;

/**
 * The one place that converts values between JavaScript and a database:
 * parameters on the way in, result values on the way out. Each dialect
 * overrides only the conversions where its driver differs.
 */
export abstract class TypeCodec {
  /** Validate a value for a column type (or an untyped template value) and convert it for the driver. */
  encode(value: unknown, type?: ColumnType, target?: string): unknown {
    if (value === null) return null;
    if (type === undefined) return this.encodeUntyped(validateUntypedValue(value));
    return this.encodeValid(this.validate(value, type, target), type.kind);
  }

  /**
   * encode() for one column type, made once for the many values of one
   * column (a multi-row INSERT). An instant column remembers the last Date it
   * converted: the rows of one flush share their timestamps.
   */
  encoderFor(type: ColumnType, target?: string): Encoder {
    const kind = type.kind;
    if (kind === "datetime" || kind === "timestamptz") {
      let lastTime = Number.NaN;
      let lastEncoded: unknown;
      return (value) => {
        if (value === null) return null;
        // A Date of the same time as the last one (rows stamped by one flush): validation and conversion depend only on it.
        if (value instanceof Date && value.getTime() === lastTime) return lastEncoded;
        const encoded = this.encodeValid(this.validate(value, type, target), kind);
        lastTime = (value as Date).getTime();
        lastEncoded = encoded;
        return encoded;
      };
    }
    return (value) => (value === null ? null : this.encodeValid(this.validate(value, type, target), kind));
  }

  /** The value checked for the column type (validateValue); a dialect whose columns hold less narrows it further. */
  protected validate(value: unknown, type: ColumnType, target?: string): unknown {
    return validateValue(value, type, target);
  }

  /** A validated, canonical value (see validateValue) in the form the driver binds. */
  protected abstract encodeValid(value: unknown, kind: ColumnKind): unknown;

  /** A plain scalar from the sql`` template in the form the driver binds. */
  protected abstract encodeUntyped(value: unknown): unknown;

  /**
   * The decoder for one result column: from the column type Strata expects
   * (undefined for raw SQL) and what the driver reports. undefined when the
   * driver's value is already right, so the hot path does nothing.
   */
  abstract decoderFor(type: ColumnType | undefined, column: DriverColumn, exactIntegers: boolean): Decoder | undefined;

  /**
   * Whether the driver must return exact 64-bit integers for these result
   * types (undefined: raw SQL or a write, whose result types are unknown).
   */
  needsExactIntegers(types: readonly (ColumnType | undefined)[] | undefined): boolean {
    return types?.some((t) => t?.kind === "bigint") ?? false;
  }
}

export const parseJson: Decoder = (raw) => (typeof raw === "string" ? JSON.parse(raw) : raw);
export const toNumber: Decoder = (raw) => Number(raw);
export const toBigInt: Decoder = (raw) => (typeof raw === "bigint" ? raw : BigInt(raw as string | number));
export const toDecimalString: Decoder = (raw) => (typeof raw === "string" ? raw : String(raw));
