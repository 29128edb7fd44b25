import { describeColumnType, type TableSchema } from "../../sql";

export interface ErAttribute {
  readonly name: string;
  /** e.g. `varchar(100)`, `decimal(10,2)`: one word, as diagram syntaxes want. */
  readonly type: string;
  readonly keys: readonly ("PK" | "FK" | "UK")[];
  readonly nullable: boolean;
  readonly comment?: string;
}

export interface ErEntity {
  readonly name: string;
  readonly attributes: readonly ErAttribute[];
}

/** One foreign key, seen as a relationship: each `from` row points at one `to` row. */
export interface ErRelationship {
  /** The referencing table (the "many" side, or "one" when the key is unique). */
  readonly from: string;
  /** The referenced table. */
  readonly to: string;
  readonly label: string;
  /** Some `from` rows point nowhere (the foreign key columns accept NULL). */
  readonly optional: boolean;
  /** At most one `from` row per `to` row (the foreign key columns are unique). */
  readonly oneToOne: boolean;
}

export interface ErModel {
  readonly entities: readonly ErEntity[];
  readonly relationships: readonly ErRelationship[];
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

/**
 * The entity-relationship view of table schemas (entity tables and join
 * tables alike), independent of how it is drawn. Relationships come from the
 * foreign keys, so the diagram shows what the database enforces.
 */
export function erModel(tables: readonly TableSchema[]): ErModel {
  const entities = tables.map((t): ErEntity => {
    const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
    const uniqueColumns = new Set(t.uniques.filter((u) => u.columns.length === 1).flatMap((u) => u.columns));
    return {
      name: t.name,
      attributes: t.columns.map((col) => {
        const keys: ("PK" | "FK" | "UK")[] = [];
        if (t.primaryKey.includes(col.name)) keys.push("PK");
        if (fkColumns.has(col.name)) keys.push("FK");
        if (uniqueColumns.has(col.name)) keys.push("UK");
        return {
          name: col.name,
          type: describeColumnType(col.type).replace(/\s+/g, ""),
          keys,
          nullable: col.nullable,
          comment: col.comment,
        };
      }),
    };
  });
  const relationships = tables.flatMap((t) =>
    t.foreignKeys.map((fk): ErRelationship => {
      const columns = fk.columns.map((name) => t.columns.find((c) => c.name === name));
      const unique = sameColumns(t.primaryKey, fk.columns) || t.uniques.some((u) => sameColumns(u.columns, fk.columns));
      return {
        from: t.name,
        to: fk.referencedTable,
        label: fk.columns.join(", "),
        optional: columns.some((c) => c?.nullable !== false),
        oneToOne: unique,
      };
    }),
  );
  return { entities, relationships };
}
