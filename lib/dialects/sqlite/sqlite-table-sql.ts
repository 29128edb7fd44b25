import { closingParen, identifierName, isPunct, isWord, type SqlToken, splitTopLevel, tokenizeSql } from "../base/sql-lexer";

/** What only the CREATE TABLE text in sqlite_master tells: constraint names, CHECKs, AUTOINCREMENT and collations. */
export interface SqliteTableSql {
  /** Columns declared `INTEGER PRIMARY KEY AUTOINCREMENT` (lowercase names). */
  readonly autoIncrement: ReadonlySet<string>;
  /** The collation a column declares (`COLLATE NOCASE`), by lowercase column name. */
  readonly collations: ReadonlyMap<string, string>;
  /** CHECK expressions; a column constraint's check carries its column. */
  readonly checks: readonly { readonly column?: string; readonly text: string }[];
  readonly foreignKeys: readonly {
    readonly name?: string;
    readonly columns: readonly string[];
    readonly referencedTable: string;
  }[];
  readonly uniques: readonly { readonly name?: string; readonly columns: readonly string[] }[];
}

/** The names in a parenthesized column list starting at `open`; each entry's first identifier (COLLATE/ASC after it are ignored). */
function columnList(tokens: readonly SqlToken[], open: number): { names: string[]; end: number } {
  const close = closingParen(tokens, open);
  if (close < 0) return { names: [], end: tokens.length };
  const names = splitTopLevel(tokens.slice(open + 1, close))
    .map((part) => identifierName(part[0]))
    .filter((n): n is string => n !== undefined);
  return { names, end: close + 1 };
}

function textOf(sql: string, tokens: readonly SqlToken[], from: number, to: number): string {
  return sql.slice(tokens[from].start, tokens[to].end);
}

/** Parse the CREATE TABLE statement SQLite keeps for a table (its text as written, normalised only in the first words). */
export function parseSqliteCreateTable(sql: string): SqliteTableSql {
  const tokens = tokenizeSql(sql, { bracketIdentifiers: true });
  const open = tokens.findIndex((t) => isPunct(t, "("));
  const close = open < 0 ? -1 : closingParen(tokens, open);
  const autoIncrement = new Set<string>();
  const collations = new Map<string, string>();
  const checks: { column?: string; text: string }[] = [];
  const foreignKeys: { name?: string; columns: string[]; referencedTable: string }[] = [];
  const uniques: { name?: string; columns: string[] }[] = [];
  if (close < 0) return { autoIncrement, collations, checks, foreignKeys, uniques };

  for (const part of splitTopLevel(tokens.slice(open + 1, close))) {
    let i = 0;
    let name: string | undefined;
    if (isWord(part[0], "constraint")) {
      name = identifierName(part[1]);
      i = 2;
    }
    const head = part[i];
    if (isWord(head, "primary")) continue;
    if (isWord(head, "unique")) {
      const open = part.findIndex((t, k) => k > i && isPunct(t, "("));
      uniques.push({ ...(name ? { name } : {}), columns: open < 0 ? [] : columnList(part, open).names });
      continue;
    }
    if (isWord(head, "check")) {
      if (isPunct(part[i + 1], "(")) checks.push({ text: textOf(sql, part, i + 1, closingParen(part, i + 1)) });
      continue;
    }
    if (isWord(head, "foreign")) {
      const open = part.findIndex((t, k) => k > i && isPunct(t, "("));
      if (open < 0) continue;
      const { names, end } = columnList(part, open);
      const table = isWord(part[end], "references") ? identifierName(part[end + 1]) : undefined;
      if (table !== undefined) foreignKeys.push({ ...(name ? { name } : {}), columns: names, referencedTable: table });
      continue;
    }

    // A column definition: name, type, then column constraints (each optionally named).
    const column = identifierName(part[0]);
    if (column === undefined) continue;
    name = undefined;
    for (let k = 1; k < part.length; k++) {
      const t = part[k];
      if (isWord(t, "constraint")) {
        name = identifierName(part[++k]);
      } else if (isWord(t, "autoincrement")) {
        autoIncrement.add(column.toLowerCase());
      } else if (isWord(t, "collate")) {
        const collation = identifierName(part[k + 1]);
        if (collation !== undefined) collations.set(column.toLowerCase(), collation);
        k++;
      } else if (isWord(t, "check") && isPunct(part[k + 1], "(")) {
        const end = closingParen(part, k + 1);
        checks.push({ column, text: textOf(sql, part, k + 1, end < 0 ? part.length - 1 : end) });
        k = end < 0 ? part.length : end;
      } else if (isWord(t, "unique")) {
        uniques.push({ ...(name ? { name } : {}), columns: [column] });
        name = undefined;
      } else if (isWord(t, "references")) {
        const table = identifierName(part[k + 1]);
        if (table !== undefined) foreignKeys.push({ ...(name ? { name } : {}), columns: [column], referencedTable: table });
        name = undefined;
        k++;
      } else if (isPunct(t, "(")) {
        // A type's parameters or a DEFAULT (expression): nothing to read inside.
        const end = closingParen(part, k);
        k = end < 0 ? part.length : end;
      }
    }
  }
  return { autoIncrement, collations, checks, foreignKeys, uniques };
}
