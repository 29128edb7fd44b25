import { type ColumnKind, type ColumnType, columnType } from "../../sql/column-type";
import { isPunct, type SqlLexerOptions, splitTopLevel, tokenizeSql } from "./sql-lexer";

/** A SQL type as reported by a catalog, taken apart: `timestamp(3) with time zone` -> name `timestamp with time zone`, args ["3"]. */
export interface SqlTypeText {
  /** The words of the type outside its parentheses, lowercase, single-spaced: `character varying`, `bigint unsigned`. */
  readonly name: string;
  /** The parameters in the first parentheses: numbers as written, string literals unquoted (`enum('a','b')` -> ["a", "b"]). */
  readonly args: readonly string[];
}

export function parseSqlTypeText(text: string, options: SqlLexerOptions = {}): SqlTypeText {
  const tokens = tokenizeSql(text, options);
  const words: string[] = [];
  let args: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(t, "(")) {
      let depth = 0;
      let j = i;
      for (; j < tokens.length; j++) {
        if (isPunct(tokens[j], "(")) depth++;
        else if (isPunct(tokens[j], ")") && --depth === 0) break;
      }
      args ??= splitTopLevel(tokens.slice(i + 1, j)).map((part) =>
        part.length === 1 && part[0].kind === "string" ? part[0].value : text.slice(part[0].start, part[part.length - 1].end),
      );
      i = j;
    } else if (t.kind === "word") {
      words.push(t.text.toLowerCase());
    } else if (isPunct(t, "[")) {
      words.push("[]");
      if (isPunct(tokens[i + 1], "]")) i++;
    }
  }
  return { name: words.join(" "), args: args ?? [] };
}

/** A type parameter as a positive integer, or undefined. */
export function typeArgNumber(arg: string | undefined): number | undefined {
  if (arg === undefined || !/^\d+$/.test(arg.trim())) return undefined;
  return Number(arg);
}

/**
 * Type names that mean the same kind in every catalog that uses them. Each
 * introspector reads its own spellings first (MySQL's tinyint(1) is a
 * boolean, a numeric keeps its precision), then these.
 */
const SHARED_TYPE_KINDS: ReadonlyMap<string, ColumnKind> = new Map<string, ColumnKind>([
  ["integer", "integer"],
  ["int", "integer"],
  ["smallint", "integer"],
  ["mediumint", "integer"],
  ["tinyint", "integer"],
  ["bigint", "bigint"],
  ["real", "float"],
  ["double", "float"],
  ["double precision", "float"],
  ["float", "float"],
  ["boolean", "boolean"],
  ["bool", "boolean"],
  ["date", "date"],
  ["json", "json"],
  ["jsonb", "json"],
  ["uuid", "uuid"],
]);

/** The kind of a parameterless type name every database spells alike; undefined for the rest. */
export function sharedColumnType(name: string): ColumnType | undefined {
  const kind = SHARED_TYPE_KINDS.get(name);
  return kind === undefined ? undefined : columnType(kind);
}
