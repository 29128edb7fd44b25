import type { ColumnSchema, ReferentialAction, TableSchema } from "../sql/nodes";

/**
 * Runs one SQL statement with bound parameters and returns its rows as
 * objects keyed by column name. Supplied by the caller (the engine runs it on
 * a pooled connection), so dialects never depend on the engine.
 */
export type IntrospectionQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** A column as the database's catalog describes it, in Strata's terms plus the database's own type text. */
export interface IntrospectedColumn extends ColumnSchema {
  /**
   * The column's SQL type exactly as the database reports it, e.g.
   * `character varying(100)` (PostgreSQL), `VARCHAR(100)` (SQLite: as
   * declared), `varchar(100)` (MySQL). `type` is this text mapped back to a
   * ColumnType; a type Strata never creates maps to the nearest kind, so
   * `sqlType` is the one to trust for those.
   */
  readonly sqlType: string;
  /**
   * The column's collation as the catalog names it, where the catalog names
   * one for every text column (MySQL: `utf8mb4_nopad_bin`, or the table
   * default it inherited). `collation` is set only for a collation the
   * column has of its own (MySQL: one other than its table's default).
   */
  readonly sqlCollation?: string;
}

/**
 * A live table read back into the shape Strata generates DDL from, so that the
 * two can be compared: a table Strata created reads back as the TableSchema it
 * was created from, except where the database cannot tell two things apart
 * (each introspector says where).
 *
 * Foreign key actions equal to `defaultReferentialAction` are left out, as
 * the catalog reports an omitted action and that one the same way. Indexes
 * that back the primary key or a unique constraint are not repeated under
 * `indexes`; nor are indexes on expressions or partial indexes, which a
 * TableSchema cannot describe.
 */
export interface IntrospectedTable extends TableSchema {
  readonly columns: readonly IntrospectedColumn[];
  /** What a foreign key without ON DELETE / ON UPDATE does here ("no action", but "restrict" on MariaDB). */
  readonly defaultReferentialAction: ReferentialAction;
}

/** Reads the live schema of the connection's current database (PostgreSQL: current schema) from its own catalog. */
export interface Introspector {
  /**
   * The database keeps no difference between a UNIQUE constraint and a
   * unique index (MySQL): every unique index reads back under `uniques`.
   */
  readonly uniqueIndexIsConstraint: boolean;
  /** The names of the base tables (no views), sorted. */
  listTables(query: IntrospectionQuery): Promise<string[]>;
  /** One table's structure; undefined when there is no such table. */
  readTable(query: IntrospectionQuery, name: string): Promise<IntrospectedTable | undefined>;
}
