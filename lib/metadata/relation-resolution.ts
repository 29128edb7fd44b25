import {
  type ColumnSchema,
  constraintName,
  type ForeignKeySchema,
  type IndexSchema,
  type ReferentialAction,
  type TableSchema,
  type UniqueSchema,
} from "../sql";
import type { EntityClass } from "./decorator-options";
import type { RelationRecord } from "./decorator-registry";
import type { ColumnDraft } from "./entity-columns";
import type { EntityMetadata, JoinTableMetadata, RelationMetadata } from "./entity-metadata";
import { inversePropertyName } from "./inverse-property";
import type { NamingStrategy } from "./naming-strategy";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A relation under construction; its link is worked out once every relation is resolved (build-metadata). */
export type RelationDraft = Omit<Mutable<RelationMetadata>, "link"> & {
  link?: RelationMetadata["link"];
  readonly record: RelationRecord;
  inverseName?: string;
};

/** The parts of an entity under construction that relation resolution reads and extends. */
export interface EntityDraft {
  readonly metadata: Mutable<EntityMetadata>;
  readonly columns: ColumnDraft[];
  readonly relations: RelationDraft[];
  readonly foreignKeys: ForeignKeySchema[];
  readonly uniques: UniqueSchema[];
}

const PAIRS: Record<RelationMetadata["kind"], RelationMetadata["kind"]> = {
  "many-to-one": "one-to-many",
  "one-to-many": "many-to-one",
  "one-to-one": "one-to-one",
  "many-to-many": "many-to-many",
};

const DECORATOR: Record<RelationMetadata["kind"], string> = {
  "many-to-one": "@ManyToOne",
  "one-to-many": "@OneToMany",
  "one-to-one": "@OneToOne",
  "many-to-many": "@ManyToMany",
};

function cascadeOf(record: RelationRecord): { persist: boolean; remove: boolean } {
  const c = record.options.cascade;
  if (c === undefined) return { persist: true, remove: false };
  if (typeof c === "boolean") return { persist: c, remove: c };
  return { persist: c.includes("persist"), remove: c.includes("remove") };
}

/** Create the relation drafts of every entity, with their targets resolved. */
export function createRelations(
  drafts: Map<EntityClass, EntityDraft>,
  records: Map<EntityClass, RelationRecord[]>,
  problems: string[],
): void {
  for (const [cls, draft] of drafts) {
    const entity = draft.metadata;
    const columnProperties = new Set(draft.columns.map((c) => c.property));
    for (const record of records.get(cls) ?? []) {
      const where = `${entity.name}.${record.property}`;
      if (columnProperties.has(record.property)) {
        problems.push(`${where} is decorated both as a column and as a relation; keep one.`);
        continue;
      }
      let targetClass: unknown;
      try {
        targetClass = record.target();
      } catch (error) {
        problems.push(
          `${where}: its target function threw (${(error as Error).message}); make it only return the entity class, e.g. ${DECORATOR[record.kind]}(() => Target).`,
        );
        continue;
      }
      if (typeof targetClass !== "function") {
        problems.push(
          `${where}: the target function returned ${String(targetClass)}. Usually an import cycle evaluated too early: reference the class only inside the arrow function (() => Target) and type the property with Relation<Target>.`,
        );
        continue;
      }
      const target = drafts.get(targetClass as EntityClass);
      if (!target) {
        problems.push(`${where}: its target ${(targetClass as EntityClass).name} is not an entity; decorate it with @Table().`);
        continue;
      }
      const cascade = cascadeOf(record);
      const kind = record.kind;
      draft.relations.push({
        record,
        entity,
        property: record.property,
        kind,
        target: target.metadata,
        owner: kind === "many-to-one",
        joinColumns: [],
        cascadePersist: cascade.persist,
        cascadeRemove: cascade.remove,
        orphanRemoval: record.options.orphanRemoval ?? false,
        nullable: record.options.nullable ?? false,
        ...(record.options.onDelete ? { onDelete: record.options.onDelete } : {}),
        ...(record.options.onUpdate ? { onUpdate: record.options.onUpdate } : {}),
        load: record.options.load ?? "select-in",
        many: kind === "one-to-many" || kind === "many-to-many",
        inverseName: inversePropertyName(record.inverse),
      });
    }
  }
}

/** Link each relation to its other side and decide which side owns the foreign key or join rows. */
export function linkInverses(drafts: Map<EntityClass, EntityDraft>, problems: string[]): void {
  const draftOf = (e: EntityMetadata) => drafts.get(e.target) as EntityDraft;
  for (const draft of drafts.values()) {
    for (const rel of draft.relations) {
      const where = `${rel.entity.name}.${rel.property}`;
      if (rel.inverseName === undefined) {
        if (rel.kind === "one-to-many") {
          problems.push(
            `${where}: a @OneToMany needs its other side, e.g. @OneToMany(() => ${rel.target.name}, (x) => x.${camel(rel.entity.name)}), and a @ManyToOne on ${rel.target.name} pointing back.`,
          );
        }
        if (rel.kind === "one-to-one" && rel.record.options.owner === false) {
          problems.push(`${where}: a one-to-one without an other side must own the foreign key; remove owner: false.`);
        }
        rel.owner = rel.kind !== "one-to-many";
        continue;
      }
      const inverse = draftOf(rel.target).relations.find((r) => r.property === rel.inverseName);
      const decorator = DECORATOR[PAIRS[rel.kind]];
      if (!inverse) {
        problems.push(
          `${where} names ${rel.target.name}.${rel.inverseName} as its other side, but ${rel.target.name}.${rel.inverseName} is not a relation; declare it with ${decorator}(() => ${rel.entity.name}, ...).`,
        );
        continue;
      }
      if (inverse.target !== rel.entity || inverse.kind !== PAIRS[rel.kind]) {
        problems.push(
          `${where} names ${rel.target.name}.${rel.inverseName} as its other side, but that is a ${DECORATOR[inverse.kind]} to ${inverse.target.name}; the other side of a ${DECORATOR[rel.kind]} must be a ${decorator} to ${rel.entity.name}.`,
        );
        continue;
      }
      if (inverse.inverseName !== undefined && inverse.inverseName !== rel.property) {
        problems.push(
          `${where} and ${rel.target.name}.${rel.inverseName} do not name each other as other sides (${rel.target.name}.${rel.inverseName} names ${inverse.inverseName}); a relation pairs with one other side only, so give ${where} its own ${decorator} on ${rel.target.name}.`,
        );
        continue;
      }
      // Drafts become RelationMetadata once their links are set (build-metadata).
      rel.inverse = inverse as RelationMetadata;
      if (inverse.inverseName === undefined) {
        inverse.inverseName = rel.property;
        inverse.inverse = rel as RelationMetadata;
      }
    }
  }
  for (const draft of drafts.values()) {
    for (const rel of draft.relations) {
      const inverse = rel.inverse as RelationDraft | undefined;
      if (!inverse) continue;
      const where = `${rel.entity.name}.${rel.property}`;
      if (rel.kind === "one-to-one") {
        const mine = rel.record.options.owner === true;
        const theirs = inverse.record.options.owner === true;
        if (mine === theirs && isFirst(rel, inverse)) {
          problems.push(
            mine
              ? `${where} and ${inverse.entity.name}.${inverse.property} are both marked owner: true; only the side that holds the foreign key is the owner.`
              : `${where} and ${inverse.entity.name}.${inverse.property}: mark the side that holds the foreign key with { owner: true }.`,
          );
        }
        rel.owner = mine;
      } else if (rel.kind === "many-to-many") {
        const mine = rel.record.options.joinTable !== undefined;
        const theirs = inverse.record.options.joinTable !== undefined;
        if (mine && theirs && isFirst(rel, inverse)) {
          problems.push(`${where} and ${inverse.entity.name}.${inverse.property} both name a join table; name it on one side only.`);
        }
        rel.owner = mine || (!theirs && isFirst(rel, inverse));
      }
    }
  }
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A stable order between the two sides of a relation, for decisions that must be made once. */
function isFirst(a: RelationDraft, b: RelationDraft): boolean {
  return `${a.entity.name}.${a.property}` <= `${b.entity.name}.${b.property}`;
}

/** Foreign-key columns for owning to-one relations, reusing an explicit column of the same name (the seed's owner_id). */
export function addJoinColumns(drafts: Map<EntityClass, EntityDraft>, naming: NamingStrategy, problems: string[]): void {
  for (const draft of drafts.values()) {
    for (const rel of draft.relations) {
      if (!rel.owner || rel.kind === "many-to-many" || rel.kind === "one-to-many") continue;
      const where = `${rel.entity.name}.${rel.property}`;
      const targetKeys = rel.target.columns.filter((c) => c.primary);
      if (targetKeys.length !== 1) {
        problems.push(
          `${where}: its target ${rel.target.name} must have exactly one primary key column to be referenced (it has ${targetKeys.length}); give ${rel.target.name} a single @PrimaryKey() (foreign keys to composite keys are not supported).`,
        );
        continue;
      }
      const key = targetKeys[0];
      const name = rel.record.options.joinColumn ?? naming.joinColumnName(rel.property, key.name);
      const explicit = draft.columns.find((c) => c.name === name);
      let nullable = rel.nullable;
      if (explicit) {
        if (explicit.relationProperty) {
          problems.push(
            `${where}: column ${name} already belongs to ${rel.entity.name}.${explicit.relationProperty}; give one relation another joinColumn.`,
          );
          continue;
        }
        if (explicit.type.kind !== key.type.kind) {
          problems.push(
            `${where}: ${rel.entity.name}.${explicit.property} holds its foreign key but is ${explicit.type.kind}, while ${rel.target.name}.${key.property} is ${key.type.kind}; make them the same type.`,
          );
        }
        explicit.relationProperty = rel.property;
        if (explicit.collation === undefined && key.collation !== undefined) explicit.collation = key.collation;
        nullable = explicit.nullable;
        rel.nullable = nullable;
      } else {
        draft.columns.push({
          name,
          type: key.type,
          // A foreign key compares like the key it references (MySQL refuses one whose collation differs).
          ...(key.collation !== undefined ? { collation: key.collation } : {}),
          nullable,
          primary: false,
          generated: false,
          unique: false,
          index: false,
          role: "foreignKey",
          relationProperty: rel.property,
        });
      }
      if (rel.onDelete === "set null" && !nullable) {
        problems.push(`${where}: onDelete "set null" needs a nullable foreign key; add nullable: true.`);
      }
      rel.joinColumns = [{ name, referencedColumn: key.name }];
      draft.foreignKeys.push({
        name: constraintName("fk", rel.entity.tableName, [name]),
        columns: [name],
        referencedTable: rel.target.tableName,
        referencedColumns: [key.name],
        ...(rel.onDelete ? { onDelete: rel.onDelete } : {}),
        ...(rel.onUpdate ? { onUpdate: rel.onUpdate } : {}),
      });
      if (rel.kind === "one-to-one") draft.uniques.push({ name: constraintName("uq", rel.entity.tableName, [name]), columns: [name] });
    }
  }
  // Inverse sides read their join columns from the owner.
  for (const draft of drafts.values()) {
    for (const rel of draft.relations) {
      if (!rel.owner && rel.inverse && rel.kind !== "many-to-many") rel.joinColumns = rel.inverse.joinColumns;
    }
  }
}

/** A join table's column for one side's key: its type, and its collation (a foreign key compares like the key it references). */
function joinTableColumn(name: string, key: ColumnDraft): ColumnSchema {
  return {
    name,
    type: key.type,
    nullable: false,
    autoIncrement: false,
    ...(key.collation !== undefined ? { collation: key.collation } : {}),
  };
}

/** The actions of one of a join table's foreign keys: ON DELETE CASCADE unless told otherwise. */
function joinTableActions(onDelete: ReferentialAction | undefined, onUpdate: ReferentialAction | undefined): Partial<ForeignKeySchema> {
  return { onDelete: onDelete ?? "cascade", ...(onUpdate ? { onUpdate } : {}) };
}

/** Join tables of many-to-many relations: composite primary key, a foreign key to each side (rows go with either side). */
export function buildJoinTables(drafts: Map<EntityClass, EntityDraft>, naming: NamingStrategy, problems: string[]): TableSchema[] {
  const tables: TableSchema[] = [];
  for (const draft of drafts.values()) {
    for (const rel of draft.relations) {
      if (rel.kind !== "many-to-many" || !rel.owner) continue;
      const where = `${rel.entity.name}.${rel.property}`;
      const ownKeys = rel.entity.columns.filter((c) => c.primary);
      const targetKeys = rel.target.columns.filter((c) => c.primary);
      if (ownKeys.length !== 1 || targetKeys.length !== 1) {
        const [side, count] = ownKeys.length !== 1 ? [rel.entity.name, ownKeys.length] : [rel.target.name, targetKeys.length];
        problems.push(
          `${where}: ${side} has ${count} primary key columns, but each side of a many-to-many needs exactly one; give ${side} a single @PrimaryKey().`,
        );
        continue;
      }
      const option = rel.record.options.joinTable;
      const options = typeof option === "string" ? { name: option } : option;
      const name = options?.name ?? naming.joinTableName(rel.entity.tableName, rel.property, rel.target.tableName);
      const joinColumn = options?.joinColumn ?? naming.joinTableColumnName(rel.entity.name, ownKeys[0].name);
      let inverseJoinColumn = options?.inverseJoinColumn ?? naming.joinTableColumnName(rel.target.name, targetKeys[0].name);
      if (inverseJoinColumn === joinColumn) inverseJoinColumn = naming.joinColumnName(rel.property, targetKeys[0].name);
      const actions = [options?.onDelete, options?.onUpdate, options?.inverseOnDelete, options?.inverseOnUpdate];
      if (actions.includes("set null")) {
        problems.push(
          `${where}: a join table's columns are NOT NULL, so its foreign keys cannot "set null"; use "cascade", "restrict" or "no action".`,
        );
      }
      const joinTable: JoinTableMetadata = {
        name,
        joinColumns: [{ name: joinColumn, referencedColumn: ownKeys[0].name }],
        inverseJoinColumns: [{ name: inverseJoinColumn, referencedColumn: targetKeys[0].name }],
      };
      rel.joinTable = joinTable;
      if (rel.inverse) (rel.inverse as RelationDraft).joinTable = joinTable;
      const index: IndexSchema = { name: constraintName("ix", name, [inverseJoinColumn]), columns: [inverseJoinColumn], unique: false };
      tables.push({
        name,
        columns: [joinTableColumn(joinColumn, ownKeys[0]), joinTableColumn(inverseJoinColumn, targetKeys[0])],
        primaryKey: [joinColumn, inverseJoinColumn],
        foreignKeys: [
          {
            name: constraintName("fk", name, [joinColumn]),
            columns: [joinColumn],
            referencedTable: rel.entity.tableName,
            referencedColumns: [ownKeys[0].name],
            ...joinTableActions(options?.onDelete, options?.onUpdate),
          },
          {
            name: constraintName("fk", name, [inverseJoinColumn]),
            columns: [inverseJoinColumn],
            referencedTable: rel.target.tableName,
            referencedColumns: [targetKeys[0].name],
            ...joinTableActions(options?.inverseOnDelete ?? options?.onDelete, options?.inverseOnUpdate ?? options?.onUpdate),
          },
        ],
        uniques: [],
        indexes: [index],
      });
    }
  }
  return tables;
}
