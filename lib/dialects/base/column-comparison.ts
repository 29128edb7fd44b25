import type { ColumnType } from "../../sql/column-type";
import type { ColumnDefault } from "../../sql/nodes";
import type { SqlLexerOptions } from "./sql-lexer";
import { parseSqlTypeText } from "./sql-type-text";

/**
 * A SQL type's text in one spelling per meaning: lowercase, single-spaced,
 * parameters without spaces (`DECIMAL(10, 2)` and `decimal(10,2)` both read
 * `decimal(10,2)`). `rename` maps a database's long names to the ones Strata
 * writes (PostgreSQL: `character varying` -> `varchar`).
 */
export function canonicalTypeText(
  text: string,
  options: SqlLexerOptions = {},
  rename: (name: string, args: readonly string[]) => { name: string; args: readonly string[] } = (name, args) => ({ name, args }),
): string {
  const parsed = parseSqlTypeText(text, options);
  const { name, args } = rename(
    parsed.name,
    parsed.args.map((a) => a.replace(/\s+/g, "")),
  );
  return args.length > 0 ? `${name}(${args.join(",")})` : name;
}

/** JSON with object keys sorted, so that key order does not make two equal documents differ. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `12.30` and `12.3` are one number; a database pads a decimal default to its scale. */
function canonicalDecimal(text: string): string {
  const m = /^([+-]?)0*(\d*)(?:\.(\d*?)0*)?$/.exec(text.trim());
  if (!m) return text.trim();
  const whole = m[2] === "" ? "0" : m[2];
  const sign = m[1] === "-" && !(whole === "0" && !m[3]) ? "-" : "";
  return `${sign}${whole}${m[3] ? `.${m[3]}` : ""}`;
}

/**
 * A column default as one string per meaning, for comparing the default a
 * catalog reports with the one wanted (both already decoded the way
 * introspection decodes: literals as JS values, the rest as SQL text). Text
 * of expressions compares without case, spaces or enclosing parentheses.
 */
export function comparableDefault(d: ColumnDefault | undefined, type: ColumnType): string | undefined {
  if (d === undefined) return undefined;
  if (d.kind === "expression") {
    const text = d.expr.kind === "unsafe" ? d.expr.text : JSON.stringify(d.expr);
    let canonical = text.replace(/\s+/g, "").toLowerCase();
    while (/^\(.*\)$/s.test(canonical)) canonical = canonical.slice(1, -1);
    return `expr:${canonical}`;
  }
  const v = d.value;
  if (v === null || v === undefined) return undefined;
  if (Buffer.isBuffer(v)) return `bytes:${v.toString("hex")}`;
  if (v instanceof Date) return `time:${v.toISOString()}`;
  if (typeof v === "bigint" || typeof v === "number") return `number:${canonicalDecimal(String(v))}`;
  if (typeof v === "boolean") return `boolean:${v}`;
  if (type.kind === "json") return `json:${stableJson(v)}`;
  if (typeof v === "string" && (type.kind === "decimal" || type.kind === "integer" || type.kind === "bigint" || type.kind === "float"))
    return `number:${canonicalDecimal(v)}`;
  return `value:${typeof v === "string" ? v : stableJson(v)}`;
}
