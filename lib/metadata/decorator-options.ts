import type { ColumnKind, ReferentialAction, SqlFragment } from "../sql";

/** A class that can be instantiated: the entity classes users decorate. */
// biome-ignore lint/suspicious/noExplicitAny: constructors of any signature.
export type EntityClass<T = any> = abstract new (...args: any[]) => T;

/** Options of `@Column` (and the column options of `@PrimaryKey`, `@CreatedAt`, ...). */
export interface ColumnOptions {
  /** Database column name; defaults to the naming strategy's name for the property (snake_case). */
  readonly name?: string;
  /** The column type, needed where design:type cannot tell (unions, json, decimals, no decorator metadata). */
  readonly type?: ColumnKind;
  /** varchar length in characters (default 255). A length alone makes the column a varchar, so `string | null` needs no `type`. */
  readonly length?: number;
  /**
   * decimal: total digits (default 10), with `scale` digits after the point
   * (default 2); a precision or scale alone, on a property whose type is
   * not Date, makes the column a decimal. datetime and timestamptz: digits of fractional seconds, 0
   * to 6, on PostgreSQL and MySQL/MariaDB (SQLite keeps text). Left out, new
   * columns get 3 (milliseconds, what a JS Date holds) and a schema sync
   * keeps whatever precision an existing column has.
   */
  readonly precision?: number;
  /** Digits after the point of a decimal (default 2). */
  readonly scale?: number;
  /** NULL allowed; default false. */
  readonly nullable?: boolean;
  /** A database default: a value, or sql`CURRENT_TIMESTAMP`. */
  readonly default?: unknown | SqlFragment;
  readonly unique?: boolean;
  readonly index?: boolean;
  /** The values of an enum column: an array, or a TypeScript string enum object. Values alone make the column an enum. */
  readonly enum?: readonly string[] | Readonly<Record<string, string>>;
  readonly comment?: string;
  /**
   * How the database compares and sorts this text column (varchar, text): a
   * collation name of the database, e.g. `utf8mb4_unicode_ci` (MySQL,
   * MariaDB) or `NOCASE` (SQLite) for case-insensitive text. Default: the
   * table's `collation`, else the engine's, else exact (binary) comparison.
   */
  readonly collation?: string;
}

/** Options of `@PrimaryKey`: a column's options, and how the key is generated. */
export interface PrimaryKeyOptions extends Omit<ColumnOptions, "nullable" | "default" | "unique"> {
  /** true: database-generated integer (default for a single number key); "uuid": a random UUID set by Strata; false: you set it. */
  readonly generated?: boolean | "uuid";
}

/** Which operations on an object flow to its related objects: all (`true`), none, or the ones listed. */
export type CascadeOption = boolean | readonly ("persist" | "remove")[];

/** How a relation is loaded: a second query by key list ("select-in"), a join, or only when asked ("lazy"). */
export type LoadStrategy = "select-in" | "joined" | "lazy";

/** The options every relation decorator takes. */
export interface RelationOptions {
  /** Which operations on this object flow to the related ones: true (persist and remove) or a list. */
  readonly cascade?: CascadeOption;
  /** Default strategy when the relation is loaded. */
  readonly load?: LoadStrategy;
}

/** Options of `@ManyToOne`: the foreign-key column and its actions. */
export interface ManyToOneOptions extends RelationOptions {
  /** NULL allowed in the foreign-key column; default false. */
  readonly nullable?: boolean;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** The foreign-key column name; default `<property>_id` by the naming strategy. */
  readonly joinColumn?: string;
}

/** Options of `@OneToMany`. */
export interface OneToManyOptions extends RelationOptions {
  /** A child removed from the collection is deleted, not just detached. */
  readonly orphanRemoval?: boolean;
}

/** Options of `@OneToOne`; the side with `owner: true` holds the foreign key. */
export interface OneToOneOptions extends ManyToOneOptions {
  /** This side holds the (unique) foreign key. Exactly one side of a one-to-one is the owner. */
  readonly owner?: boolean;
  readonly orphanRemoval?: boolean;
}

/** The join table of a `@ManyToMany`, when its names are not the defaults. */
export interface JoinTableOptions {
  readonly name: string;
  /** Column pointing at this side's key; default `<entity>_id`. */
  readonly joinColumn?: string;
  /** Column pointing at the other side's key; default `<target>_id`. */
  readonly inverseJoinColumn?: string;
  /**
   * The ON DELETE action of the join table's two foreign keys. Default
   * "cascade": deleting a row of either side deletes its join rows. With
   * "no action" or "restrict" the database refuses to delete a row that
   * still has join rows (empty the collection and flush first).
   */
  readonly onDelete?: ReferentialAction;
  /** The ON UPDATE action of both foreign keys; default: none (the database's own). */
  readonly onUpdate?: ReferentialAction;
  /** ON DELETE of the foreign key to the other side (inverseJoinColumn), where it differs from onDelete. */
  readonly inverseOnDelete?: ReferentialAction;
  /** ON UPDATE of the foreign key to the other side, where it differs from onUpdate. */
  readonly inverseOnUpdate?: ReferentialAction;
}

/** Options of `@ManyToMany`. */
export interface ManyToManyOptions extends RelationOptions {
  /** The join table (name or full options). The side that names it owns the join rows. */
  readonly joinTable?: string | JoinTableOptions;
}

/** Options of `@Table` (exported as EntityTableOptions). */
export interface TableOptions {
  readonly name?: string;
  readonly comment?: string;
  /** The collation of the entity's text columns (varchar, text) that name none themselves. */
  readonly collation?: string;
}

/** Options of `@Index` on a class. */
export interface IndexOptions {
  readonly unique?: boolean;
  readonly name?: string;
  /**
   * With unique: a UNIQUE constraint rather than a unique index. PostgreSQL
   * and SQLite keep the two apart (a schema written by hand may have
   * either); MySQL does not, so there it changes nothing.
   */
  readonly constraint?: boolean;
}
