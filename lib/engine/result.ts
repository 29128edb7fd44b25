import { MultipleRowsError, NotFoundError } from "../errors";

/** The outcome of one statement: its rows (typed by what was selected) and, for writes, the rows affected. */
export class Result<TRow> {
  constructor(
    readonly rows: TRow[],
    /** Rows matched by an UPDATE or DELETE, inserted by an INSERT, or returned by a SELECT. */
    readonly rowCount: number,
    /**
     * The generated key an INSERT reports, where the database reports one:
     * the first row's on MySQL, the last row's on SQLite (see the dialect's
     * `capabilities.generatedKeys`); undefined for other statements.
     */
    readonly insertId?: number | bigint,
  ) {}

  /** Every row. */
  all(): TRow[] {
    return this.rows;
  }

  /** The first row, or undefined when there is none. */
  first(): TRow | undefined {
    return this.rows[0];
  }

  /** The only row; throws NotFoundError for none and MultipleRowsError for more than one. */
  one(): TRow {
    if (this.rows.length === 0) throw new NotFoundError("Expected exactly one row, got none. Use first() where no row is a valid outcome.");
    if (this.rows.length > 1) {
      throw new MultipleRowsError(
        `Expected exactly one row, got ${this.rows.length}. Narrow the where() to one row, or use first() or all().`,
      );
    }
    return this.rows[0];
  }

  /** The first value of the first row (undefined when there is no row). */
  scalar(): TRow[keyof TRow] | undefined {
    const row = this.rows[0] as Record<string, unknown> | undefined;
    if (!row) return undefined;
    for (const key in row) return row[key] as TRow[keyof TRow];
    return undefined;
  }
}
