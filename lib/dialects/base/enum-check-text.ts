import { identifierName, isPunct, isWord, type SqlLexerOptions, type SqlToken, tokenizeSql } from "./sql-lexer";

/**
 * The allowed values of a CHECK constraint that keeps one column to a list
 * of strings, as Strata writes for enums: `CHECK ("status" IN ('a', 'b'))`,
 * or as PostgreSQL reports it back:
 * `CHECK (((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))`.
 * undefined for any other CHECK.
 */
export function enumCheckValues(checkText: string, column: string, options: SqlLexerOptions = {}): string[] | undefined {
  const tokens: SqlToken[] = [];
  const raw = tokenizeSql(checkText, options);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (isPunct(t, "(") || isPunct(t, ")")) continue;
    if (isPunct(t, "::")) {
      // Drop the cast and its type name: words, and [] for arrays.
      while (raw[i + 1]?.kind === "word") i++;
      while (isPunct(raw[i + 1], "[") && isPunct(raw[i + 2], "]")) i += 2;
      continue;
    }
    tokens.push(t);
  }
  let i = isWord(tokens[0], "check") ? 1 : 0;
  if (identifierName(tokens[i])?.toLowerCase() !== column.toLowerCase() || tokens[i]?.kind === "string") return undefined;
  i++;
  let close: string | undefined;
  if (isWord(tokens[i], "in")) {
    i++;
  } else if (isPunct(tokens[i], "=") && isWord(tokens[i + 1], "any") && isWord(tokens[i + 2], "array") && isPunct(tokens[i + 3], "[")) {
    i += 4;
    close = "]";
  } else {
    return undefined;
  }
  const values: string[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "string") values.push(t.value);
    else if (!isPunct(t, ",")) break;
  }
  if (close !== undefined && !isPunct(tokens[i++], close)) return undefined;
  return i === tokens.length && values.length > 0 ? values : undefined;
}
