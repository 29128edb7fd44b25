/**
 * A small SQL tokenizer for the text databases report in their catalogs:
 * type names, default expressions, CHECK constraints and (SQLite) whole
 * CREATE TABLE statements. It knows literals and quoting, not grammar.
 */
export type SqlToken =
  /** A string literal; `value` has the quotes and escapes resolved. */
  | { readonly kind: "string"; readonly value: string; readonly start: number; readonly end: number }
  /** A hex blob literal, X'0102ff'. */
  | { readonly kind: "blob"; readonly value: Buffer; readonly start: number; readonly end: number }
  | { readonly kind: "number"; readonly text: string; readonly start: number; readonly end: number }
  /** A bare word: keyword or unquoted identifier, as written. */
  | { readonly kind: "word"; readonly text: string; readonly start: number; readonly end: number }
  /** A quoted identifier; `value` has the quotes resolved. */
  | { readonly kind: "quoted"; readonly value: string; readonly start: number; readonly end: number }
  /** Punctuation and operators: `(` `)` `,` `[` `]` `::` `=` `-` ... */
  | { readonly kind: "punct"; readonly text: string; readonly start: number; readonly end: number };

export interface SqlLexerOptions {
  /** Backslash escapes inside string literals (MySQL's catalog text). */
  readonly backslashEscapes?: boolean;
  /** `[name]` is a quoted identifier (SQLite), not an array subscript. */
  readonly bracketIdentifiers?: boolean;
}

const MYSQL_ESCAPES: Record<string, string> = { "0": "\u0000", b: "\b", n: "\n", r: "\r", t: "\t", Z: "\u001a" };
const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;

/** Read a quoted run from `start` (at the opening quote); a doubled closing quote stands for itself. */
function readQuoted(text: string, start: number, close: string, backslashEscapes: boolean): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === "\\" && i + 1 < text.length) {
      const next = text[i + 1];
      // MySQL keeps the backslash of \% and \_ (they matter to LIKE only).
      value += next === "%" || next === "_" ? `\\${next}` : (MYSQL_ESCAPES[next] ?? next);
      i += 2;
    } else if (ch === close) {
      if (text[i + 1] === close) {
        value += close;
        i += 2;
      } else {
        return { value, end: i + 1 };
      }
    } else {
      value += ch;
      i++;
    }
  }
  return { value, end: text.length };
}

export function tokenizeSql(text: string, options: SqlLexerOptions = {}): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const start = i;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "-" && text[i + 1] === "-") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (ch === "'") {
      const { value, end } = readQuoted(text, i, "'", options.backslashEscapes === true);
      tokens.push({ kind: "string", value, start, end });
      i = end;
    } else if ((ch === "E" || ch === "e") && text[i + 1] === "'") {
      // PostgreSQL's escape string syntax, E'...'.
      const { value, end } = readQuoted(text, i + 1, "'", true);
      tokens.push({ kind: "string", value, start, end });
      i = end;
    } else if ((ch === "X" || ch === "x") && text[i + 1] === "'") {
      const { value, end } = readQuoted(text, i + 1, "'", false);
      tokens.push({ kind: "blob", value: Buffer.from(value, "hex"), start, end });
      i = end;
    } else if (ch === '"' || ch === "`") {
      const { value, end } = readQuoted(text, i, ch, false);
      tokens.push({ kind: "quoted", value, start, end });
      i = end;
    } else if (ch === "[" && options.bracketIdentifiers) {
      const close = text.indexOf("]", i + 1);
      const end = close < 0 ? text.length : close + 1;
      tokens.push({ kind: "quoted", value: text.slice(i + 1, end - 1), start, end });
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      const end = i + (m as RegExpExecArray)[0].length;
      tokens.push({ kind: "number", text: text.slice(i, end), start, end });
      i = end;
    } else if (WORD_START.test(ch)) {
      i++;
      while (i < text.length && WORD_PART.test(text[i])) i++;
      tokens.push({ kind: "word", text: text.slice(start, i), start, end: i });
    } else if (ch === ":" && text[i + 1] === ":") {
      tokens.push({ kind: "punct", text: "::", start, end: i + 2 });
      i += 2;
    } else {
      tokens.push({ kind: "punct", text: ch, start, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** Whether the token is the keyword `word` (case-insensitive). */
export function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === "word" && token.text.toLowerCase() === word;
}

export function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === "punct" && token.text === text;
}

/** The name an identifier token stands for: quoted as written, a bare word as written (callers compare case-insensitively). */
export function identifierName(token: SqlToken | undefined): string | undefined {
  if (token?.kind === "quoted") return token.value;
  if (token?.kind === "word") return token.text;
  if (token?.kind === "string") return token.value; // SQLite accepts 'name' where an identifier is expected.
  return undefined;
}

/** The index of the `)` that closes the `(` at `open`, or -1. */
export function closingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], "(")) depth++;
    else if (isPunct(tokens[i], ")") && --depth === 0) return i;
  }
  return -1;
}

/** Split tokens at the commas outside any parentheses. */
export function splitTopLevel(tokens: readonly SqlToken[], separator = ","): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    if (depth === 0 && isPunct(t, separator)) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** The tokens without enclosing parentheses: `((x))` -> `x`. */
export function unwrapParens(tokens: readonly SqlToken[]): readonly SqlToken[] {
  let out = tokens;
  while (out.length >= 2 && isPunct(out[0], "(") && closingParen(out, 0) === out.length - 1) out = out.slice(1, -1);
  return out;
}
