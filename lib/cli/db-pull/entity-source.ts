import { compact } from "../../../migrations/ts-literal";
import type { OptionValue, PulledEntity, PulledIndex, PulledMember, PulledRelation } from "./pull-model";

/** The formatter's line width (Biome and Prettier settings of this repository and most projects: 80 to 140; the wider one). */
const WIDTH = 140;
const INDENT = "  ";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

function value(v: OptionValue): string {
  if ("source" in v) return v.source;
  if ("object" in v) return options(v.object);
  return compact(v.literal);
}

/** An options object on one line: `{ name: "Title", length: 160 }`. */
function options(entries: readonly [string, OptionValue][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${key(k)}: ${value(v)}`).join(", ")} }`;
}

/**
 * A value laid out as a formatter lays it out: on one line where it fits
 * (`before` columns are taken on its first line, `after` on its last),
 * else an object or array one entry a line at `indent`, each entry laid out
 * the same way.
 */
function layout(v: OptionValue, indent: string, before: number, after: number): string {
  const one = value(v);
  if (before + one.length + after <= WIDTH) return one;
  const inner = `${indent}${INDENT}`;
  if ("object" in v) {
    const lines = v.object.map(([k, x]) => `${inner}${key(k)}: ${layout(x, inner, inner.length + key(k).length + 2, 1)},`);
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  if ("literal" in v && Array.isArray(v.literal)) {
    return `[\n${v.literal.map((x) => `${inner}${compact(x)},`).join("\n")}\n${indent}]`;
  }
  return one;
}

/**
 * A property declaration: `name!: type;` (`!`: Strata sets it, as
 * TypeScript's strict property checks need to hear). A union too long for
 * its line goes one member a line, as a formatter writes it.
 */
function declaration(property: string, tsType: string): string {
  const line = `${key(property)}!: ${tsType};`;
  if (INDENT.length + line.length <= WIDTH || !tsType.includes(" | ")) return line;
  return `${key(property)}!:\n${tsType
    .split(" | ")
    .map((t) => `${INDENT}${INDENT}| ${t}`)
    .join("\n")};`;
}

function columnMember(decorator: string, opts: readonly [string, OptionValue][], property: string, tsType: string): string[] {
  const args = opts.length === 0 ? "" : options(opts);
  const inline = `${INDENT}@${decorator}(${args}) ${declaration(property, tsType)}`;
  if (inline.length <= WIDTH) return [inline];
  // Too long with its property: the decorator on a line of its own, broken over lines only where it does not fit there either.
  const open = `${INDENT}@${decorator}(`;
  return [`${open}${layout({ object: opts }, INDENT, open.length, 1)})`, `${INDENT}${declaration(property, tsType)}`];
}

/** The letter the inverse-side accessor's parameter is named by: `(a) => a.albums`. */
const parameter = (cls: string) => cls.charAt(0).toLowerCase();

function relationMember(r: PulledRelation): string[] {
  const target = `() => ${r.target}`;
  if (!r.inverse)
    return columnMember(r.decorator, r.options, r.property, r.tsType).map((l) =>
      l.replace(`@${r.decorator}(`, `@${r.decorator}(${target}${r.options.length > 0 ? ", " : ""}`),
    );
  // Two arrow functions among the arguments: a formatter puts each argument on a line of its own.
  const inner = `${INDENT}${INDENT}`;
  const lines = [
    `${INDENT}@${r.decorator}(`,
    `${inner}${target},`,
    `${inner}(${parameter(r.target)}) => ${parameter(r.target)}.${r.inverse},`,
  ];
  if (r.options.length > 0) lines.push(`${inner}${layout({ object: r.options }, inner, inner.length, 1)},`);
  lines.push(`${INDENT})`, `${INDENT}${declaration(r.property, r.tsType)}`);
  return lines;
}

function member(m: PulledMember): string[] {
  if (m.kind === "relation") return relationMember(m);
  return columnMember(m.role === "primary" ? "PrimaryKey" : "Column", m.options, m.property, m.tsType);
}

function indexDecorator(i: PulledIndex): string {
  const props = `[${i.properties.map((p) => JSON.stringify(p)).join(", ")}]`;
  return `@Index(${props}${i.options.length > 0 ? `, ${options(i.options)}` : ""})`;
}

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/** How a file imports an entity's module: `./book-tag`. */
const modulePath = (e: PulledEntity) => `./${e.fileName.replace(/\.ts$/, "")}`;

/** The import of "strata-orm": every name the file uses, sorted as a formatter's import sorting leaves them. */
function libraryImport(entity: PulledEntity, from: string): string {
  const names = new Set(["Table"]);
  for (const m of entity.members) {
    if (m.kind === "column") names.add(m.role === "primary" ? "PrimaryKey" : "Column");
    else names.add(m.decorator).add("type Relation");
    if (m.kind === "column" && m.options.some(([, v]) => "source" in v && v.source.startsWith("sql`"))) names.add("sql");
  }
  if (entity.indexes.length > 0) names.add("Index");
  const sorted = [...names].sort((a, b) => byName(a.replace(/^type /, ""), b.replace(/^type /, "")));
  const line = `import { ${sorted.join(", ")} } from ${JSON.stringify(from)};`;
  return line.length <= WIDTH ? line : `import {\n${sorted.map((n) => `${INDENT}${n},`).join("\n")}\n} from ${JSON.stringify(from)};`;
}

/**
 * One entity's file: its imports (the library, then the entities its
 * relations name), the class with @Table and its @Index decorators, a
 * property a column or relation.
 */
export function entitySource(entity: PulledEntity, all: readonly PulledEntity[], from: string): string {
  const related = [...new Set(entity.members.flatMap((m) => (m.kind === "relation" && m.target !== entity.className ? [m.target] : [])))];
  const files = related
    .map((cls) => all.find((e) => e.className === cls) as PulledEntity)
    .sort((a, b) => byName(modulePath(a), modulePath(b)))
    .map((e) => `import { ${e.className} } from "${modulePath(e)}";`);
  const table = entity.comment
    ? `@Table({ name: ${JSON.stringify(entity.table)}, comment: ${JSON.stringify(entity.comment)} })`
    : `@Table(${JSON.stringify(entity.table)})`;
  const lines = [
    libraryImport(entity, from),
    ...files,
    "",
    `/** The ${entity.table} table, as "strata db:pull" read it. */`,
    table,
    ...entity.indexes.map(indexDecorator),
    `export class ${entity.className} {`,
    ...entity.members.flatMap(member),
    "}",
    "",
  ];
  return lines.join("\n");
}

/** The index file: every entity exported, and the list createEngine({ entities }) and strata.config.ts take. */
export function indexSource(entities: readonly PulledEntity[]): string {
  const names = entities.map((e) => e.className);
  const imports = [...entities]
    .sort((a, b) => byName(modulePath(a), modulePath(b)))
    .map((e) => `import { ${e.className} } from "${modulePath(e)}";`);
  const list = (open: string, close: string) => {
    const line = `${open}${names.join(", ")}${close}`;
    return line.length <= WIDTH ? [line] : [open.trimEnd(), ...names.map((n) => `${INDENT}${n},`), close.trimStart()];
  };
  return [
    ...imports,
    "",
    ...list("export { ", " };"),
    "",
    '/** Every entity "strata db:pull" wrote, for createEngine({ entities }) and strata.config.ts. */',
    ...list("export const entities = [", "];"),
    "",
  ].join("\n");
}
