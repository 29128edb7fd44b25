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
