import type { ColumnType } from "../../sql/column-type";
import type { ColumnDefault } from "../../sql/nodes";
import { unsafeSqlNode } from "../../sql/raw-sql";
import { parseUtcDateTime } from "./datetime-format";
import { isPunct, isWord, type SqlLexerOptions, type SqlToken, tokenizeSql, unwrapParens } from "./sql-lexer";
import { validateValue } from "./value-validation";

/** `::type` casts at the end (PostgreSQL): `'a'::character varying`, `'{}'::text[]`, `'x'::varchar(5)`. */
function withoutTrailingCasts(tokens: readonly SqlToken[]): readonly SqlToken[] {
  const cast = tokens.findIndex((t) => isPunct(t, "::"));
  if (cast <= 0) return tokens;
  const rest = tokens.slice(cast);
  const onlyTypeNames = rest.every(
    (t) => t.kind === "word" || t.kind === "quoted" || t.kind === "number" || /^(::|\(|\)|\[|\]|,)$/.test(t.kind === "punct" ? t.text : ""),
  );
  return onlyTypeNames ? tokens.slice(0, cast) : tokens;
}

/** Every spelling of "now" as a column default: `CURRENT_TIMESTAMP`, `current_timestamp(3)`, `now()`. */
function isCurrentTimestamp(tokens: readonly SqlToken[]): boolean {
  if (isWord(tokens[0], "current_timestamp") || isWord(tokens[0], "localtimestamp")) {
    return tokens.length === 1 || (tokens.length <= 4 && isPunct(tokens[1], "(") && isPunct(tokens[tokens.length - 1], ")"));
  }
  return tokens.length === 3 && isWord(tokens[0], "now") && isPunct(tokens[1], "(") && isPunct(tokens[2], ")");
}

/**
 * A literal's text as the JS value Strata uses for the column type, or
 * undefined when the text is not a valid value of that type.
 */
export function defaultValueFromText(text: string, type: ColumnType): unknown {
  try {
    switch (type.kind) {
      case "integer":
      case "float": {
        const n = Number(text);
        return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
      }
      case "bigint":
        return BigInt(text.trim());
      case "decimal":
        return validateValue(text, type);
      case "boolean": {
        const b = text.trim().toLowerCase();
        if (b === "1" || b === "true" || b === "t") return true;
        if (b === "0" || b === "false" || b === "f") return false;
        return undefined;
      }
      case "datetime":
      case "timestamptz":
        return parseUtcDateTime(text);
      case "json":
        return JSON.parse(text);
      case "uuid":
        return validateValue(text, type);
      case "blob":
        // PostgreSQL's bytea text form: \x followed by hex digits.
        return /^\\x([0-9a-f]{2})*$/i.test(text) ? Buffer.from(text.slice(2), "hex") : Buffer.from(text, "utf8");
      default:
        return text;
    }
  } catch {
    return undefined;
  }
}

function expression(text: string): ColumnDefault {
  return { kind: "expression", expr: unsafeSqlNode(text) };
}

/**
 * A column default as a catalog reports it (`'pending'::character varying`,
 * `12.30`, `X'0102ff'`, `current_timestamp(3)`) turned back into a
 * ColumnDefault: literals become `{ kind: "value" }` with the JS value of the
 * column type; anything else stays SQL, `{ kind: "expression" }`, with every
 * spelling of the current time written `CURRENT_TIMESTAMP`. A NULL default is
 * no default (undefined).
 */
export function columnDefaultFromSql(text: string, type: ColumnType, options: SqlLexerOptions = {}): ColumnDefault | undefined {
  const all = unwrapParens(tokenizeSql(text, options));
  if (all.length === 0) return undefined;
  const tokens = unwrapParens(withoutTrailingCasts(all));
  if (tokens.length === 1 && isWord(tokens[0], "null")) return undefined;
  if (isCurrentTimestamp(tokens)) return expression("CURRENT_TIMESTAMP");
  let value: unknown;
  const [first, second] = tokens;
  if (tokens.length === 1 && first.kind === "string") value = defaultValueFromText(first.value, type);
  else if (tokens.length === 1 && first.kind === "number") value = defaultValueFromText(first.text, type);
  else if (tokens.length === 2 && (isPunct(first, "-") || isPunct(first, "+")) && second.kind === "number")
    value = defaultValueFromText(`${(first as { text: string }).text}${second.text}`, type);
  else if (tokens.length === 1 && (isWord(first, "true") || isWord(first, "false")))
    value = defaultValueFromText((first as { text: string }).text, type);
  else if (tokens.length === 1 && first.kind === "blob" && type.kind === "blob") value = first.value;
  if (value !== undefined) return { kind: "value", value };
  return expression(text.slice(all[0].start, all[all.length - 1].end));
}
