import { MappingError } from "../errors";
import type { EntityClass } from "./decorator-options";
import { columnRecordsOf, indexRecordsOf, type RelationRecord, relationRecordsOf, tableRecordOf } from "./decorator-registry";
import { buildPropertyColumns } from "./entity-columns";
import type { EntityMetadata, RelationMetadata } from "./entity-metadata";
import { entityCoreTable, entityTableSchema } from "./entity-schema";
import { MetadataStore } from "./metadata-store";
import { defaultNamingStrategy, type NamingStrategy } from "./naming-strategy";
import { buildRelationLink } from "./relation-link";
import { addJoinColumns, buildJoinTables, createRelations, type EntityDraft, linkInverses } from "./relation-resolution";

function describe(value: unknown): string {
  if (typeof value === "function") return value.name || "an anonymous function";
  return value === null ? "null" : typeof value;
}

/** Collect the given classes and every entity their relations reach. */
function discover(classes: readonly unknown[], problems: string[]): EntityClass[] {
  const found: EntityClass[] = [];
  const queue = [...classes];
  while (queue.length > 0) {
    const cls = queue.shift();
    if (typeof cls !== "function") {
      problems.push(`entities must be classes; got ${describe(cls)}. Pass the decorated classes themselves, e.g. entities: [User, Task].`);
      continue;
    }
    if (found.includes(cls as EntityClass)) continue;
    if (!tableRecordOf(cls as EntityClass)) {
      if (classes.includes(cls)) problems.push(`${describe(cls)} is not an entity: decorate it with @Table().`);
      continue;
    }
    found.push(cls as EntityClass);
    for (const rel of relationRecordsOf(cls as EntityClass)) {
      try {
        const target = rel.target();
        if (typeof target === "function" && !found.includes(target)) queue.push(target);
      } catch {
        // Reported with its relation when relations are resolved.
      }
    }
  }
  return found;
}

/**
 * Build and validate the metadata of a set of entity classes (and the
 * entities their relations reach). Every problem is collected and reported
 * at once in one MappingError, naming the class, the property and the fix.
 */
export function buildMetadata(classes: readonly unknown[], naming: NamingStrategy = defaultNamingStrategy): MetadataStore {
  const problems: string[] = [];
  const drafts = new Map<EntityClass, EntityDraft>();
  const relationRecords = new Map<EntityClass, RelationRecord[]>();
  const tableNames = new Map<string, string>();
  for (const cls of discover(classes, problems)) {
    const options = tableRecordOf(cls) ?? {};
    const tableName = options.name ?? naming.tableName(cls.name);
    const other = tableNames.get(tableName);
    if (other) problems.push(`${other} and ${cls.name} both map to table "${tableName}"; give one another @Table name.`);
    tableNames.set(tableName, cls.name);
    if (options.collation !== undefined && (typeof options.collation !== "string" || options.collation.trim() === "")) {
      problems.push(
        `@Table on ${cls.name}: collation must name one of the database's collations, such as "utf8mb4_unicode_ci"; got ${JSON.stringify(options.collation)}.`,
      );
    }
    const columns = buildPropertyColumns(cls.name, columnRecordsOf(cls), naming, problems, options.collation);
    const metadata = { target: cls, name: cls.name, tableName, columns, relations: [] } as unknown as EntityDraft["metadata"];
    drafts.set(cls, { metadata, columns, relations: [], foreignKeys: [], uniques: [] });
    relationRecords.set(cls, relationRecordsOf(cls));
    if (!columns.some((c) => c.primary))
      problems.push(`${cls.name} has no primary key: add @PrimaryKey() to a property (e.g. @PrimaryKey() id!: number).`);
  }
  createRelations(drafts, relationRecords, problems);
  linkInverses(drafts, problems);
  addJoinColumns(drafts, naming, problems);
  const joinTables = buildJoinTables(drafts, naming, problems);
  for (const jt of joinTables) {
    const other = tableNames.get(jt.name);
    if (other) {
      // Name the relation that declares the join table, so the message points at the line to change.
      const owner = [...drafts.values()].flatMap((d) => d.relations).find((r) => r.owner && r.joinTable?.name === jt.name);
      const where = owner ? `${owner.entity.name}.${owner.property}: its` : "The";
      problems.push(
        `${where} join table "${jt.name}" has the same name as the table of ${other}; name the join table with joinTable: "...".`,
      );
    }
    tableNames.set(jt.name, `join table ${jt.name}`);
  }
  for (const draft of drafts.values()) {
    const byName = new Map<string, string>();
    for (const c of draft.columns) {
      const label = c.property ?? `${c.relationProperty} (foreign key)`;
      const previous = byName.get(c.name);
      if (previous)
        problems.push(
          `${draft.metadata.name}.${previous} and ${draft.metadata.name}.${label} both map to column "${c.name}"; give one of them another name.`,
        );
      byName.set(c.name, label);
    }
  }
  for (const [cls, draft] of drafts) draft.metadata.schema = entityTableSchema(draft, indexRecordsOf(cls), problems);
  if (problems.length > 0) throw new MappingError(problems);
  // Every relation is resolved (targets, inverses, join columns and tables): their links can be worked out.
  for (const draft of drafts.values()) for (const r of draft.relations) r.link = buildRelationLink(r as Omit<RelationMetadata, "link">);
  const entities: EntityMetadata[] = [];
  for (const draft of drafts.values()) {
    const m = draft.metadata;
    m.table = entityCoreTable(draft, m.schema);
    m.primaryKeys = draft.columns.filter((c) => c.primary);
    m.relations = draft.relations as RelationMetadata[];
    m.versionColumn = draft.columns.find((c) => c.role === "version");
    m.createdAtColumn = draft.columns.find((c) => c.role === "createdAt");
    m.updatedAtColumn = draft.columns.find((c) => c.role === "updatedAt");
    m.columnsByProperty = new Map(draft.columns.filter((c) => c.property !== undefined).map((c) => [c.property as string, c]));
    m.relationsByProperty = new Map(m.relations.map((r) => [r.property, r]));
    entities.push(m);
  }
  for (const e of entities) {
    for (const r of e.relations) Object.freeze(r);
    for (const c of e.columns) Object.freeze(c);
    Object.freeze(e.columns);
    Object.freeze(e.relations);
    Object.freeze(e);
  }
  return new MetadataStore(entities, joinTables);
}
