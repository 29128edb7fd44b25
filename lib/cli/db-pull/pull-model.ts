import type { IntrospectedColumn, IntrospectedTable } from "../../dialects";
import { snakeCase } from "../../metadata";
import { type ColumnType, constraintName, type ForeignKeySchema, type ReferentialAction } from "../../sql";

/**
 * What `strata db:pull` writes, worked out from the live schema before any
 * source text: one entity per table (pure join tables become many-to-many
 * relations instead), each property with the decorator options that make
 * Strata map exactly that column, constraint or relation.
 */
export interface PulledEntity {
  readonly className: string;
  readonly fileName: string;
  readonly table: string;
  readonly comment?: string;
  readonly members: PulledMember[];
  /** Class-level @Index decorators. */
  readonly indexes: PulledIndex[];
}

export type PulledMember = PulledColumn | PulledRelation;

export interface PulledColumn {
  readonly kind: "column";
  readonly property: string;
  readonly column: IntrospectedColumn;
  /** "primary": a @PrimaryKey; "column": a @Column. */
  readonly role: "primary" | "column";
  /** The @Column / @PrimaryKey options, in the order they are written. */
  readonly options: [string, OptionValue][];
  /** The TypeScript type of the property. */
  readonly tsType: string;
}

export interface PulledRelation {
  readonly kind: "relation";
  readonly property: string;
  readonly decorator: "ManyToOne" | "OneToMany" | "OneToOne" | "ManyToMany";
  readonly target: string;
  /** The other side's property (`(a) => a.books`), when there is one. */
  readonly inverse?: string;
  readonly options: [string, OptionValue][];
  readonly tsType: string;
}

export interface PulledIndex {
  readonly properties: string[];
  readonly options: [string, OptionValue][];
}

/** An option's value: a literal, or TypeScript source to write as it is (sql`...`, nested options). */
export type OptionValue =
  | { readonly literal: unknown }
  | { readonly source: string }
  | { readonly object: readonly [string, OptionValue][] };

/** What was found and could not be mapped exactly, for the command to report. */
export interface PullModel {
  readonly entities: PulledEntity[];
  readonly notes: string[];
}

export interface PullOptions {
  /** What a foreign key without ON DELETE/ON UPDATE does here ("no action"; "restrict" on MariaDB). */
  readonly defaultReferentialAction: (table: IntrospectedTable) => ReferentialAction;
  /** The database keeps table and column comments. */
  readonly storesComments: boolean;
  /** Whether a single INTEGER PRIMARY KEY without a generated clause is numbered by the database anyway (SQLite's rowid). */
  readonly isGeneratedKey: (column: IntrospectedColumn, table: IntrospectedTable) => boolean;
  /** The database keeps no difference between a UNIQUE constraint and a unique index (MySQL). */
  readonly uniqueIndexIsConstraint: boolean;
}

const lit = (literal: unknown): OptionValue => ({ literal });
const src = (source: string): OptionValue => ({ source });

/** Names the generated files import, and globals a class must not shadow. */
const RESERVED = new Set([
  "Column",
  "Index",
  "ManyToMany",
  "ManyToOne",
  "OneToMany",
  "OneToOne",
  "PrimaryKey",
  "Relation",
  "Table",
  "sql",
  "Array",
  "BigInt",
  "Boolean",
  "Buffer",
  "Date",
  "Error",
  "Function",
  "JSON",
  "Map",
  "Math",
  "Number",
  "Object",
  "Promise",
  "Reflect",
  "Set",
  "String",
  "Symbol",
]);

const RESERVED_PROPERTIES = new Set(["constructor", "__proto__", "prototype"]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

function pascal(name: string): string {
  const out = words(name).map(cap).join("");
  return /^[0-9]/.test(out) ? `T${out}` : out || "Entity";
}

function camel(name: string): string {
  const p = pascal(name);
  const out = p.charAt(0).toLowerCase() + p.slice(1);
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

function singular(word: string): string {
  if (/ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/(x|ch|sh|ses|zes)es$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

function plural(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** A table's class name: PascalCase, singular (`book_tags` -> BookTag, `PlaylistTrack` -> PlaylistTrack). */
function className(table: string): string {
  const parts = words(table);
  if (parts.length === 0) return "Entity";
  parts[parts.length - 1] = singular(parts[parts.length - 1]);
  const name = pascal(parts.join(" "));
  return RESERVED.has(name) ? `${name}Entity` : name;
}

function fileName(cls: string): string {
  return `${words(cls)
    .map((w) => w.toLowerCase())
    .join("-")}.ts`;
}

/** A property for a column: camelCase, a valid identifier, not one a class cannot have. */
function propertyName(column: string): string {
  const name = camel(column);
  return RESERVED_PROPERTIES.has(name) || name === "" ? `${name}Value` : name;
}

/** A relation's property from its foreign key column: `ArtistId`, `artist_id` -> artist; `ReportsTo` -> reportsTo. */
function relationName(column: string): string {
  const stripped = column.replace(/(_id|Id|ID|_ID)$/, "");
  return propertyName(stripped === "" ? column : stripped);
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}${i}`;
  taken.add(candidate);
  return candidate;
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const sameType = (a: ColumnType, b: ColumnType) => JSON.stringify(a) === JSON.stringify(b);

/** The TypeScript type a column's values have. */
function tsTypeOf(type: ColumnType): string {
  switch (type.kind) {
    case "integer":
    case "float":
      return "number";
    case "bigint":
      return "bigint";
    case "boolean":
      return "boolean";
    case "datetime":
    case "timestamptz":
      return "Date";
    case "json":
      return "unknown";
    case "blob":
      return "Buffer";
    case "enum":
      return (type.values ?? []).map((v) => JSON.stringify(v)).join(" | ") || "string";
    default:
      return "string";
  }
}

/** Kinds a non-nullable property's design:type already gives (string -> varchar, number -> integer, boolean, Date -> timestamptz). */
const INFERRED = new Set(["varchar", "integer", "boolean", "timestamptz"]);

/** The @Column / @PrimaryKey options of a column: what makes Strata map exactly this column, nothing it would assume anyway. */
function columnOptions(
  c: IntrospectedColumn,
  property: string,
  role: "primary" | "column",
  key: { generated: boolean; single: boolean },
  isUnique: boolean,
  settings: PullOptions,
): [string, OptionValue][] {
  const o: [string, OptionValue][] = [];
  if (snakeCase(property) !== c.name) o.push(["name", lit(c.name)]);
  const t = c.type;
  const nullable = role === "column" && c.nullable;
  if (t.kind === "enum") o.push(["enum", lit([...(t.values ?? [])])]);
  // A precision always comes with its type: on its own it would say decimal.
  else if (nullable || !INFERRED.has(t.kind) || t.precision !== undefined) o.push(["type", lit(t.kind)]);
  if (t.kind === "varchar" && t.length !== 255) o.push(["length", lit(t.length)]);
  if (t.kind === "decimal" && (t.precision !== 10 || t.scale !== 2)) o.push(["precision", lit(t.precision)], ["scale", lit(t.scale ?? 0)]);
  if ((t.kind === "datetime" || t.kind === "timestamptz") && t.precision !== undefined) o.push(["precision", lit(t.precision)]);
  if (role === "primary") {
    // A single integer key is database-generated unless told otherwise.
    if (!key.generated && key.single && (t.kind === "integer" || t.kind === "bigint")) o.push(["generated", lit(false)]);
  } else {
    if (nullable) o.push(["nullable", lit(true)]);
    if (c.default) o.push(["default", defaultValue(c)]);
    if (isUnique) o.push(["unique", lit(true)]);
  }
  if (c.comment && settings.storesComments) o.push(["comment", lit(c.comment)]);
  if (c.collation !== undefined) o.push(["collation", lit(c.collation)]);
  return o;
}

function defaultValue(c: IntrospectedColumn): OptionValue {
  const d = c.default;
  if (d?.kind === "expression") {
    const text = d.expr.kind === "unsafe" ? d.expr.text : "";
    return src(`sql\`${text.replace(/[`\\]/g, "\\$&").replace(/\$\{/g, "\\${")}\``);
  }
  return lit(d?.value);
}

/**
 * A pure join table: two NOT NULL columns that make its primary key, each a
 * foreign key to another entity's single-column key (of the same type),
 * and nothing else but an index on the second one, as Strata makes them.
 */
function joinTableOf(
  t: IntrospectedTable,
  byName: ReadonlyMap<string, IntrospectedTable>,
): { owner: IntrospectedTable; target: IntrospectedTable; own: ForeignKeySchema; other: ForeignKeySchema } | undefined {
  if (t.columns.length !== 2 || t.primaryKey.length !== 2 || t.foreignKeys.length !== 2 || t.uniques.length > 0 || t.comment)
    return undefined;
  const [a, b] = t.primaryKey;
  const fkOn = (col: string) => t.foreignKeys.find((fk) => sameColumns(fk.columns, [col]));
  const own = fkOn(a);
  const other = fkOn(b);
  if (!own || !other) return undefined;
  const owner = byName.get(own.referencedTable);
  const target = byName.get(other.referencedTable);
  if (!owner || !target || owner === target || owner === t || target === t) return undefined;
  if (!sameColumns(owner.primaryKey, own.referencedColumns) || !sameColumns(target.primaryKey, other.referencedColumns)) return undefined;
  for (const [col, key, table] of [
    [a, own.referencedColumns[0], owner],
    [b, other.referencedColumns[0], target],
  ] as const) {
    const c = t.columns.find((x) => x.name === col);
    const k = table.columns.find((x) => x.name === key);
    if (!c || !k || c.nullable || c.autoIncrement || c.default || !sameType(c.type, k.type) || c.collation !== k.collation)
      return undefined;
  }
  if (t.indexes.length !== 1 || t.indexes[0].unique || !sameColumns(t.indexes[0].columns, [b])) return undefined;
  return { owner, target, own, other };
}

interface Draft {
  readonly cls: string;
  readonly table: IntrospectedTable;
  readonly entity: PulledEntity;
  /** Property names in use on the class. */
  readonly taken: Set<string>;
  /** The foreign keys mapped as relations, with the referenced entity's table. */
  readonly relations: { fk: ForeignKeySchema; target: IntrospectedTable }[];
  /** The property each column is written through: its own, or its relation's. */
  readonly propertyOf: Map<string, string>;
}

/** Why a foreign key cannot be a relation, or undefined when it can. */
function notARelation(
  fk: ForeignKeySchema,
  t: IntrospectedTable,
  target: IntrospectedTable | undefined,
  mapped: Draft["relations"],
): string | undefined {
  if (fk.columns.length !== 1) return "it has more than one column";
  if (!target) return `${fk.referencedTable} is not pulled as an entity`;
  if (!sameColumns(target.primaryKey, fk.referencedColumns))
    return `it references ${fk.referencedColumns.join(", ")}, not the primary key of ${fk.referencedTable}`;
  const column = t.columns.find((c) => c.name === fk.columns[0]);
  const key = target.columns.find((c) => c.name === fk.referencedColumns[0]);
  if (!column || !key || column.type.kind !== key.type.kind) return "its column's type differs from the key it references";
  if (mapped.some((r) => r.fk.columns[0] === fk.columns[0])) return "another foreign key on the same column is mapped";
  return undefined;
}

/**
 * A generated key declared INTEGER where the foreign keys that reference it
 * are BIGINT is a bigint key: SQLite declares every generated key INTEGER
 * (its rowid is 64-bit), so only its references tell.
 */
function widenGeneratedKeys(tables: readonly IntrospectedTable[], settings: PullOptions): IntrospectedTable[] {
  return tables.map((t) => {
    if (t.primaryKey.length !== 1) return t;
    const key = t.columns.find((c) => c.name === t.primaryKey[0]);
    if (key?.type.kind !== "integer" || !(key.autoIncrement || settings.isGeneratedKey(key, t))) return t;
    const referencing = tables.flatMap((o) =>
      o.foreignKeys
        .filter((fk) => fk.referencedTable === t.name && sameColumns(fk.referencedColumns, t.primaryKey))
        .map((fk) => o.columns.find((c) => c.name === fk.columns[0])),
    );
    if (referencing.length === 0 || !referencing.every((c) => c?.type.kind === "bigint")) return t;
    return { ...t, columns: t.columns.map((c) => (c === key ? { ...c, type: { kind: "bigint" as const } } : c)) };
  });
}

/**
 * Build the model: entities, their properties and relations, from the live
 * tables. Passes, so that names come in order of priority: columns keep
 * their own names, relations are named around them, inverse sides last.
 */
export function pullModel(given: readonly IntrospectedTable[], settings: PullOptions): PullModel {
  const notes: string[] = [];
  const tables = widenGeneratedKeys(given, settings);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const entityTables = tables.filter((t) => {
    if (t.primaryKey.length > 0) return true;
    notes.push(`Table ${t.name} has no primary key, which every entity needs: not pulled.`);
    return false;
  });
  const joins = new Map(
    entityTables.flatMap((t) => {
      const j = joinTableOf(t, byName);
      return j ? [[t.name, j] as const] : [];
    }),
  );
  const drafts = new Map<string, Draft>();
  const classNames = new Set<string>();
  for (const t of entityTables.filter((x) => !joins.has(x.name))) {
    const cls = unique(className(t.name), classNames);
    const entity: PulledEntity = {
      className: cls,
      fileName: fileName(cls),
      table: t.name,
      ...(t.comment && settings.storesComments ? { comment: t.comment } : {}),
      members: [],
      indexes: [],
    };
    drafts.set(t.name, { cls, table: t, entity, taken: new Set(), relations: [], propertyOf: new Map() });
  }

  // Which foreign keys become relations: single-column keys to another entity's single-column primary key.
  for (const d of drafts.values()) {
    for (const fk of d.table.foreignKeys) {
      const target = drafts.get(fk.referencedTable)?.table;
      const why = notARelation(fk, d.table, target, d.relations);
      if (why === undefined && target) d.relations.push({ fk, target });
      else
        notes.push(
          `Foreign key ${fk.name || `(${fk.columns.join(", ")})`} of ${d.table.name} is not mapped as a relation (${why}); its column is a plain property.`,
        );
    }
  }

  // Columns: every one but a relation's foreign key column that the relation implies exactly.
  for (const d of drafts.values()) {
    const t = d.table;
    const relationOn = new Map(d.relations.map((r) => [r.fk.columns[0], r]));
    const single = t.primaryKey.length === 1;
    const keyRank = (c: IntrospectedColumn) => t.primaryKey.indexOf(c.name);
    // Key columns in key order (the key is declared in property order), the rest as the table has them.
    const columns = [...t.columns].sort((a, b) => (keyRank(a) >= 0 && keyRank(b) >= 0 ? keyRank(a) - keyRank(b) : 0));
    for (const c of columns) {
      const rel = relationOn.get(c.name);
      const key = rel?.target.columns.find((k) => k.name === rel.fk.referencedColumns[0]);
      const primary = t.primaryKey.includes(c.name);
      const implied =
        key !== undefined &&
        !primary &&
        sameType(c.type, key.type) &&
        c.collation === key.collation &&
        !c.default &&
        !(c.comment && settings.storesComments) &&
        !c.autoIncrement;
      if (implied) continue;
      const generated =
        single && primary && (c.type.kind === "integer" || c.type.kind === "bigint") && (c.autoIncrement || settings.isGeneratedKey(c, t));
      if (c.autoIncrement && !generated) {
        notes.push(
          `Column ${t.name}.${c.name} is generated by the database, which Strata maps only on a single integer primary key: pulled as a plain column.`,
        );
      }
      const isUnique = !primary && !rel && t.uniques.some((u) => sameColumns(u.columns, [c.name]));
      const property = unique(propertyName(c.name), d.taken);
      d.propertyOf.set(c.name, property);
      const role = primary ? "primary" : "column";
      (d.entity.members as PulledMember[]).push({
        kind: "column",
        property,
        column: c,
        role,
        options: columnOptions(c, property, role, { generated, single }, isUnique, settings),
        tsType: `${tsTypeOf(c.type)}${role === "column" && c.nullable ? " | null" : ""}`,
      });
    }
  }

  // Owning sides of foreign keys (many-to-one; one-to-one where a UNIQUE constraint holds the column alone), then their inverses.
  const inverses: (() => void)[] = [];
  for (const d of drafts.values()) {
    const t = d.table;
    const defaultAction = settings.defaultReferentialAction(t);
    for (const { fk, target } of d.relations) {
      const other = drafts.get(target.name) as Draft;
      const c = t.columns.find((x) => x.name === fk.columns[0]) as IntrospectedColumn;
      const property = unique(relationName(c.name), d.taken);
      const oneToOne = !t.primaryKey.includes(c.name) && t.uniques.some((u) => sameColumns(u.columns, [c.name]));
      const options: [string, OptionValue][] = [];
      if (oneToOne) options.push(["owner", lit(true)]);
      if (c.nullable) options.push(["nullable", lit(true)]);
      if (fk.onDelete !== undefined && fk.onDelete !== defaultAction) options.push(["onDelete", lit(fk.onDelete)]);
      if (fk.onUpdate !== undefined && fk.onUpdate !== defaultAction) options.push(["onUpdate", lit(fk.onUpdate)]);
      if (`${snakeCase(property)}_${fk.referencedColumns[0]}` !== c.name) options.push(["joinColumn", lit(c.name)]);
      if (!d.propertyOf.has(c.name)) d.propertyOf.set(c.name, property);
      const several = d.relations.filter((r) => r.target === target).length > 1;
      const inverseName = oneToOne ? camel(d.cls) : target === t || several ? `${property}${plural(d.cls)}` : plural(camel(d.cls));
      const owning: PulledRelation = {
        kind: "relation",
        property,
        decorator: oneToOne ? "OneToOne" : "ManyToOne",
        target: other.cls,
        inverse: "",
        options,
        tsType: `Relation<${other.cls}>${c.nullable ? " | null" : ""}`,
      };
      (d.entity.members as PulledMember[]).push(owning);
      inverses.push(() => {
        const inverse = unique(inverseName, other.taken);
        (owning as { inverse: string }).inverse = inverse;
        (other.entity.members as PulledMember[]).push({
          kind: "relation",
          property: inverse,
          decorator: oneToOne ? "OneToOne" : "OneToMany",
          target: d.cls,
          inverse: property,
          options: [],
          tsType: oneToOne ? `Relation<${d.cls}> | null` : `Relation<${d.cls}>[]`,
        });
      });
    }
  }
  for (const add of inverses) add();

  // Indexes and unique constraints the properties do not already say.
  for (const d of drafts.values()) {
    const t = d.table;
    const relationColumns = new Set(d.relations.map((r) => r.fk.columns[0]));
    const props = (columns: readonly string[]) => columns.map((c) => d.propertyOf.get(c) ?? c);
    for (const u of t.uniques) {
      // `unique: true` on the column, or the one-to-one on it, says a single-column one.
      if (u.columns.length === 1 && !t.primaryKey.includes(u.columns[0])) {
        if (relationColumns.has(u.columns[0]) || d.propertyOf.has(u.columns[0])) continue;
      }
      const options: [string, OptionValue][] = [["unique", lit(true)]];
      if (!settings.uniqueIndexIsConstraint) options.push(["constraint", lit(true)]);
      if (u.name !== constraintName("uq", t.name, u.columns)) options.push(["name", lit(u.name)]);
      (d.entity.indexes as PulledIndex[]).push({ properties: props(u.columns), options });
    }
    for (const i of t.indexes) {
      const defaultName = constraintName(i.unique ? "uq" : "ix", t.name, i.columns);
      const column =
        i.columns.length === 1 && !i.unique && i.name === defaultName
          ? d.entity.members.find((m): m is PulledColumn => m.kind === "column" && m.column.name === i.columns[0])
          : undefined;
      if (column) {
        column.options.push(["index", lit(true)]);
        continue;
      }
      const options: [string, OptionValue][] = [];
      if (i.unique) options.push(["unique", lit(true)]);
      if (i.name !== defaultName) options.push(["name", lit(i.name)]);
      (d.entity.indexes as PulledIndex[]).push({ properties: props(i.columns), options });
    }
  }

  // Many-to-many from pure join tables: owned by the table its first key column references.
  for (const [name, j] of joins) {
    const owner = drafts.get(j.owner.name);
    const target = drafts.get(j.target.name);
    if (!owner || !target) continue;
    const defaultAction = settings.defaultReferentialAction(byName.get(name) as IntrospectedTable);
    const property = unique(plural(camel(target.cls)), owner.taken);
    const inverse = unique(plural(camel(owner.cls)), target.taken);
    const action = (a: ReferentialAction | undefined) => a ?? defaultAction;
    const joinTable: [string, OptionValue][] = [
      ["name", lit(name)],
      ["joinColumn", lit(j.own.columns[0])],
      ["inverseJoinColumn", lit(j.other.columns[0])],
    ];
    if (action(j.own.onDelete) !== "cascade") joinTable.push(["onDelete", lit(action(j.own.onDelete))]);
    if (j.own.onUpdate !== undefined && j.own.onUpdate !== defaultAction) joinTable.push(["onUpdate", lit(j.own.onUpdate)]);
    if (action(j.other.onDelete) !== action(j.own.onDelete)) joinTable.push(["inverseOnDelete", lit(action(j.other.onDelete))]);
    if (action(j.other.onUpdate) !== action(j.own.onUpdate)) joinTable.push(["inverseOnUpdate", lit(action(j.other.onUpdate))]);
    (owner.entity.members as PulledMember[]).push({
      kind: "relation",
      property,
      decorator: "ManyToMany",
      target: target.cls,
      inverse,
      options: [["joinTable", { object: joinTable }]],
      tsType: `Relation<${target.cls}>[]`,
    });
    (target.entity.members as PulledMember[]).push({
      kind: "relation",
      property: inverse,
      decorator: "ManyToMany",
      target: owner.cls,
      inverse: property,
      options: [],
      tsType: `Relation<${owner.cls}>[]`,
    });
  }

  const entities = [...drafts.values()].map((d) => d.entity).sort((a, b) => a.className.localeCompare(b.className));
  return { entities, notes };
}
