import type { ColumnDefault, ColumnType, ReferentialAction, Table, TableSchema } from "../sql";
import type { EntityClass, LoadStrategy } from "./decorator-options";
import type { ColumnRole, RelationKind } from "./decorator-registry";

/** A mapped column: a property of the entity, or a foreign-key column a relation adds. */
export interface ColumnMetadata {
  /** The entity property holding the value; undefined for a foreign key with no property of its own. */
  readonly property?: string;
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primary: boolean;
  /** Who makes the value of a key: the database (identity), Strata (uuid), or the application (false). */
  readonly generated: false | "identity" | "uuid";
  readonly default?: ColumnDefault;
  readonly unique: boolean;
  readonly index: boolean;
  readonly comment?: string;
  /** The column's collation: its own, else its table's (a foreign key's: the referenced key's); undefined: the engine's default. */
  readonly collation?: string;
  readonly role: ColumnRole | "foreignKey";
  /** For a foreign-key column: the property of the relation it belongs to. */
  readonly relationProperty?: string;
}

export interface JoinColumnMetadata {
  /** The foreign-key column on the owning side's table. */
  readonly name: string;
  /** The referenced column on the target's table (its primary key). */
  readonly referencedColumn: string;
}

export interface JoinTableMetadata {
  readonly name: string;
  /** Columns pointing at the owning side's key. */
  readonly joinColumns: readonly JoinColumnMetadata[];
  /** Columns pointing at the other side's key. */
  readonly inverseJoinColumns: readonly JoinColumnMetadata[];
}

/**
 * How the rows of a relation's two sides match, whatever its kind:
 * `source` columns of the declaring entity equal `target` columns of the
 * related entity, directly or (many-to-many) through a join table whose
 * `viaSource` columns hold the source values and `viaTarget` the target ones.
 */
export interface RelationLink {
  readonly source: readonly ColumnMetadata[];
  readonly target: readonly ColumnMetadata[];
  readonly via?: { readonly table: string; readonly viaSource: readonly ColumnMetadata[]; readonly viaTarget: readonly ColumnMetadata[] };
}

export interface RelationMetadata {
  /** The entity that declares this relation. */
  readonly entity: EntityMetadata;
  readonly property: string;
  readonly kind: RelationKind;
  readonly target: EntityMetadata;
  /** The relation on the target that is the other side, when declared. */
  readonly inverse?: RelationMetadata;
  /** This side holds the foreign key (many-to-one, owning one-to-one) or the join rows (owning many-to-many). */
  readonly owner: boolean;
  /** Foreign-key columns: on this entity's table when `owner`, on the target's table for inverse one-to-many/one-to-one. */
  readonly joinColumns: readonly JoinColumnMetadata[];
  /** For many-to-many: the join table, seen from the owning side. */
  readonly joinTable?: JoinTableMetadata;
  readonly cascadePersist: boolean;
  readonly cascadeRemove: boolean;
  readonly orphanRemoval: boolean;
  readonly nullable: boolean;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly load: LoadStrategy;
  /** To-many relations hold arrays. */
  readonly many: boolean;
  /** Which columns of the two sides match (through the join table for many-to-many). */
  readonly link: RelationLink;
}

/** Everything Strata knows of one entity class, built and validated once per engine. Read-only. */
export interface EntityMetadata {
  readonly target: EntityClass;
  readonly name: string;
  readonly tableName: string;
  /** Every column of the table, property columns first, then foreign-key columns. */
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKeys: readonly ColumnMetadata[];
  readonly relations: readonly RelationMetadata[];
  readonly versionColumn?: ColumnMetadata;
  readonly createdAtColumn?: ColumnMetadata;
  readonly updatedAtColumn?: ColumnMetadata;
  readonly schema: TableSchema;
  /** The entity's table for Core statements, columns keyed by property name. */
  readonly table: Table;
  readonly columnsByProperty: ReadonlyMap<string, ColumnMetadata>;
  readonly relationsByProperty: ReadonlyMap<string, RelationMetadata>;
}
