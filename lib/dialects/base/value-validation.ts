import { InvalidValueError } from "../../errors";
import { type ColumnType, describeColumnType } from "../../sql/column-type";
import { describeValue } from "../../sql/expression";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuse a value with an InvalidValueError naming the value, the column, its type and why. */
export function rejectValue(value: unknown, type: ColumnType, target: string | undefined, why: string): never {
  const where = target ? ` for ${target}` : "";
  throw new InvalidValueError(`Cannot store ${describeValue(value)}${where} (${describeColumnType(type)}): ${why}`);
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** A surrogate code unit that is not half of a pair (`u` mode reads pairs as one code point). */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** String.prototype.isWellFormed (Node 20+): no regular expression run per value written. */
const isWellFormed = (value: string): boolean => (value as string & { isWellFormed(): boolean }).isWellFormed();

/** Why a string cannot be stored as text, or undefined when it can. */
function textProblem(value: string): string | undefined {
  // PostgreSQL cannot store NUL in text; refusing it everywhere keeps data portable between databases.
  if (value.includes("\u0000")) return "text may not contain the NUL character (\\u0000).";
  // UTF-8 cannot encode half a surrogate pair: every driver would silently write U+FFFD instead.
  if (!isWellFormed(value)) {
    return `it is not well-formed Unicode (a lone surrogate at index ${value.search(LONE_SURROGATE)}); strings must hold whole characters.`;
  }
  return undefined;
}

function checkString(value: unknown, type: ColumnType, target: string | undefined): string {
  if (typeof value !== "string") rejectValue(value, type, target, "expected a string.");
  const problem = textProblem(value);
  if (problem) rejectValue(value, type, target, problem);
  return value;
}

/**
 * JSON text for a value, refusing what JSON.stringify would silently change:
 * NaN and Infinity (written as null), Map and Set (written as {}), functions,
 * symbols and undefined in arrays (dropped or null), and strings PostgreSQL's
 * jsonb cannot hold (NUL) or UTF-8 cannot encode (lone surrogates).
 */
function jsonText(value: unknown, type: ColumnType, target: string | undefined): string {
  const fail = (key: string, why: string): never =>
    rejectValue(value, type, target, `${key === "" ? "it" : `the value at key ${JSON.stringify(key)}`} ${why}`);
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function check(this: unknown, key: string, v: unknown) {
      if (key !== "") {
        const keyProblem = textProblem(key);
        if (keyProblem) fail(key, `has a key that cannot be stored: ${keyProblem}`);
      }
      switch (typeof v) {
        case "string": {
          const problem = textProblem(v);
          if (problem) fail(key, `cannot be stored: ${problem}`);
          break;
        }
        case "number":
          if (!Number.isFinite(v)) fail(key, `is ${v}, which JSON cannot hold (it would be written as null).`);
          break;
        case "bigint":
          fail(key, "is a bigint, which JSON cannot hold; convert it to a string (or a number, if it is safe).");
          break;
        case "function":
        case "symbol":
          fail(key, `is a ${typeof v}, which JSON cannot hold (it would be dropped).`);
          break;
        case "undefined":
          // In an object, undefined leaves the key out (as JSON.stringify does); in an array it would turn into null.
          if (Array.isArray(this) || key === "") fail(key, "is undefined, which JSON cannot hold; use null.");
          break;
        case "object":
          if (v instanceof Map || v instanceof Set || v instanceof WeakMap || v instanceof WeakSet) {
            fail(key, `is a ${v.constructor.name}, which JSON would write as {}; convert it to an object or array first.`);
          }
          break;
      }
      return v;
    });
  } catch (e) {
    if (e instanceof InvalidValueError) throw e;
    rejectValue(value, type, target, `it cannot be written as JSON (${(e as Error).message}).`);
  }
  if (text === undefined) rejectValue(value, type, target, "it cannot be written as JSON.");
  return text;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of a decimal without sign and surplus zeros, checked against precision and scale. */
function normalizeDecimal(value: unknown, type: ColumnType, target: string | undefined): string {
  let text: string;
  if (typeof value === "string") text = value.trim();
  else if (typeof value === "bigint") text = value.toString();
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) rejectValue(value, type, target, "expected a finite number or a decimal string.");
    text = String(value);
    if (/e/i.test(text)) rejectValue(value, type, target, 'pass very large or small decimals as strings, e.g. "0.000001".');
  } else rejectValue(value, type, target, 'expected a decimal string such as "12.34" (or a number).');
  const m = DECIMAL_PATTERN.exec(text);
  if (!m || (m[2] === "" && (m[3] === undefined || m[3] === "")))
    rejectValue(value, type, target, 'expected a decimal string such as "12.34".');
  const sign = m[1] === "-" ? "-" : "";
  const intDigits = m[2].replace(/^0+/, "");
  const fracDigits = (m[3] ?? "").replace(/0+$/, "");
  const precision = type.precision ?? 10;
  const scale = type.scale ?? 0;
  if (fracDigits.length > scale) {
    rejectValue(value, type, target, `it has ${fracDigits.length} digits after the point and the column keeps ${scale}; round it first.`);
  }
  if (intDigits.length > precision - scale) {
    rejectValue(value, type, target, `it has ${intDigits.length} digits before the point and the column allows ${precision - scale}.`);
  }
  const isZero = intDigits === "" && fracDigits === "";
  const frac = fracDigits.padEnd(scale, "0");
  return `${isZero ? "" : sign}${intDigits || "0"}${scale > 0 ? `.${frac}` : ""}`;
}

/**
 * Check that a value fits a column type and return it in its canonical JS
 * form (bigint for bigint columns, a normalized string for decimals, a
 * lowercase uuid, a Buffer for blobs). Every dialect's encoder starts here,
 * so a value a column can't hold never reaches any database.
 */
export function validateValue(value: unknown, type: ColumnType, target?: string): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) rejectValue(value, type, target, "expected an integer number.");
      if (value < INT32_MIN || value > INT32_MAX)
        rejectValue(value, type, target, `it is outside the 32-bit integer range (${INT32_MIN} to ${INT32_MAX}); use a bigint column.`);
      return value;
    case "bigint": {
      let big: bigint;
      if (typeof value === "bigint") big = value;
      else if (typeof value === "number" && Number.isSafeInteger(value)) big = BigInt(value);
      else rejectValue(value, type, target, "expected a bigint (or a safe integer number).");
      if (big < INT64_MIN || big > INT64_MAX)
        rejectValue(value, type, target, `it is outside the 64-bit integer range (${INT64_MIN} to ${INT64_MAX}).`);
      return big;
    }
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) rejectValue(value, type, target, "expected a finite number.");
      // SQLite's REAL storage and MariaDB's DOUBLE turn -0 into 0; writing 0 everywhere keeps results identical.
      return value === 0 ? 0 : value;
    case "decimal":
      return normalizeDecimal(value, type, target);
    case "varchar": {
      const s = checkString(value, type, target);
      const length = type.length ?? 255;
      if (s.length > length && codePointLength(s) > length) {
        rejectValue(value, type, target, `it is ${codePointLength(s)} characters long and the column holds ${length}.`);
      }
      return s;
    }
    case "text":
      return checkString(value, type, target);
    case "boolean":
      if (typeof value !== "boolean") rejectValue(value, type, target, "expected true or false.");
      return value;
    case "date": {
      if (typeof value !== "string") rejectValue(value, type, target, 'expected a "YYYY-MM-DD" string (dates carry no time zone).');
      const m = DATE_PATTERN.exec(value);
      if (!m) rejectValue(value, type, target, 'expected a "YYYY-MM-DD" string.');
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      const days = mo === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[mo - 1];
      if (y < 1) rejectValue(value, type, target, "no such calendar date; years run from 0001 to 9999.");
      if (mo < 1 || mo > 12) rejectValue(value, type, target, "no such calendar date; months run from 01 to 12.");
      if (d < 1 || d > days) rejectValue(value, type, target, `no such calendar date; ${m[1]}-${m[2]} has ${days} days.`);
      return value;
    }
    case "datetime":
    case "timestamptz": {
      if (!(value instanceof Date)) rejectValue(value, type, target, 'expected a Date, e.g. new Date("2024-01-31T12:00:00Z").');
      const t = value.getTime();
      if (Number.isNaN(t)) rejectValue(value, type, target, "the Date is invalid (its time is NaN).");
      const y = value.getUTCFullYear();
      if (y < 1 || y > 9999) rejectValue(value, type, target, `its year (in UTC) is ${y}; years from 1 to 9999 only.`);
      return value;
    }
    case "json":
      return jsonText(value, type, target);
    case "uuid": {
      if (typeof value !== "string" || !UUID_PATTERN.test(value)) {
        rejectValue(value, type, target, 'expected a UUID string such as "123e4567-e89b-12d3-a456-426614174000".');
      }
      return value.toLowerCase();
    }
    case "blob":
      if (Buffer.isBuffer(value)) return value;
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      return rejectValue(value, type, target, "expected a Buffer or Uint8Array.");
    case "enum": {
      const values = type.values ?? [];
      if (typeof value !== "string" || !values.includes(value)) {
        rejectValue(value, type, target, `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}.`);
      }
      return value;
    }
  }
}

/**
 * A parameter with no column type (from the sql`` template): only plain
 * scalars are accepted, so an object never turns into surprising SQL.
 */
export function validateUntypedValue(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string": {
      const problem = textProblem(value);
      if (problem) throw new InvalidValueError(`Cannot bind ${describeValue(value)} as a SQL parameter: ${problem}`);
      return value;
    }
    case "number":
      if (!Number.isFinite(value)) throw new InvalidValueError(`Cannot bind ${value}: only finite numbers.`);
      return value;
    case "bigint":
    case "boolean":
      return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidValueError("Cannot bind an invalid Date.");
    return value;
  }
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new InvalidValueError(
    `Cannot bind ${describeValue(value)} as a SQL parameter. Pass a string, number, bigint, boolean, Date, Buffer or null; write JSON with JSON.stringify(), and lists with a column's in([...]).`,
  );
}
