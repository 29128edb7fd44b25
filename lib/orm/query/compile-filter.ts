import { InvalidValueError, UsageError } from "../../errors";
import type { ColumnMetadata, EntityMetadata, RelationMetadata } from "../../metadata";
import {
  and,
  type Condition,
  columnNode,
  describeValue,
  Expression,
  FilterGroup,
  inNode,
  joinNode,
  logicalNode,
  not,
  or,
  type SelectNode,
  selectionNode,
  selectNode,
  tableNode,
} from "../../sql";
import { FilterOperator } from "./filter-operators";

type Row = Record<string, unknown>;

/** A column of an entity table, as referenced from a query that names the table `ref` (its alias, or its name). */
export function columnExpr(ref: string, entityTable: string, c: ColumnMetadata): Expression<unknown> {
  return new Expression(columnNode(ref, c.name, c.type), c.type, `${entityTable}.${c.name}`);
}

/** An object literal or JSON object (prototype Object.prototype or null): not a class instance, array or node of ours. */
export function isPlainObject(value: unknown): value is Row {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Turn an entity filter into a SQL condition on the entity's table (named
 * `ref` in the query). Relations are filtered through `IN (subquery)`, which
 * never multiplies root rows and needs no aliases. Returns undefined for an
 * empty filter (every row).
 */
export function compileFilter(entity: EntityMetadata, filter: unknown, ref: string = entity.tableName): Condition | undefined {
  if (filter instanceof Expression) return filter as Condition;
  if (filter instanceof FilterGroup) {
    const parts = filter.items.map((item) => compileFilter(entity, item, ref) ?? ALWAYS);
    if (filter.op === "not") return not(parts[0]);
    return filter.op === "and" ? and(...parts) : or(...parts);
  }
  if (!isPlainObject(filter)) {
    throw new InvalidValueError(`A filter on ${entity.name} must be an object such as { id: 1 }, got ${describeValue(filter)}.`);
  }
  const conditions: Condition[] = [];
  for (const [property, value] of Object.entries(filter)) {
    if (value === undefined) {
      throw new InvalidValueError(
        `The filter on ${entity.name}.${property} is undefined. Pass null to match NULL, or leave the property out of the filter; undefined never means "match everything".`,
      );
    }
    const column = entity.columnsByProperty.get(property);
    if (column) {
      conditions.push(compileValue(columnExpr(ref, entity.tableName, column), value, `${entity.name}.${property}`, column));
      continue;
    }
    const relation = entity.relationsByProperty.get(property);
    if (relation) {
      conditions.push(compileRelation(relation, value, ref));
      continue;
    }
    const known = [...entity.columnsByProperty.keys(), ...entity.relationsByProperty.keys()].join(", ");
    throw new UsageError(`${entity.name} has no column or relation "${property}" to filter on; it has: ${known}.`);
  }
  if (conditions.length === 0) return undefined;
  return and(...conditions);
}

/** An empty AND (`1 = 1`), for an empty filter inside or()/not(): no raw SQL needed. */
const ALWAYS: Condition = new Expression(logicalNode("and", []));

/** and() of the conditions present; undefined when none is. */
export function allOf(...items: (Condition | undefined)[]): Condition | undefined {
  const present = items.filter((c): c is Condition => c !== undefined);
  return present.length === 0 ? undefined : and(...present);
}

function compileValue(col: Expression<unknown>, value: unknown, target: string, column: ColumnMetadata): Condition {
  if (value === undefined) throw new InvalidValueError(`The filter on ${target} is undefined; pass null to match NULL, or leave it out.`);
  if (value instanceof FilterOperator) return compileOperator(col, value, target);
  if (value instanceof FilterGroup) {
    const parts = value.items.map((item) => compileValue(col, item, target, column));
    if (value.op === "not") return not(parts[0]);
    return value.op === "and" ? and(...parts) : or(...parts);
  }
  if (value instanceof Expression) return col.eq(value);
  if (Array.isArray(value)) {
    throw new InvalidValueError(`The filter on ${target} is an array; to match one of several values use inArray([...]).`);
  }
  if (column.type.kind === "json" && value !== null) {
    throw new InvalidValueError(
      `${target} is a JSON column, which the databases cannot compare by value; filter with isNull()/isNotNull() or a sql\`\` condition.`,
    );
  }
  if (isPlainObject(value)) {
    throw new InvalidValueError(`The filter on ${target} is an object; give a value or an operator such as gt(1) or like("A%").`);
  }
  return col.eq(value);
}

function compileOperator(col: Expression<unknown>, operator: FilterOperator, target: string): Condition {
  const [a, b] = operator.args;
  switch (operator.op) {
    case "eq":
      return col.eq(a);
    case "ne":
      return col.ne(a);
    case "gt":
      return col.gt(a);
    case "gte":
      return col.gte(a);
    case "lt":
      return col.lt(a);
    case "lte":
      return col.lte(a);
    case "like":
      return col.like(a as string);
    case "notLike":
      return col.notLike(a as string);
    case "ilike":
      return col.ilike(a as string);
    case "in":
    case "notIn":
      if (!Array.isArray(a))
        throw new InvalidValueError(`${operator.op === "in" ? "inArray" : "notInArray"}() on ${target} takes an array.`);
      return operator.op === "in" ? col.in(a) : col.notIn(a);
    case "isNull":
      return col.isNull();
    case "isNotNull":
      return col.isNotNull();
    case "between":
      return col.between(a, b);
    default:
      throw new UsageError(
        `Unknown filter operator ${describeValue(operator.op)} on ${target}; use the helpers such as gt(1), like("A%") or inArray([...]).`,
      );
  }
}

/** `source IN (SELECT target FROM ... WHERE nested)` for a relation filter. */
function compileRelation(rel: RelationMetadata, value: unknown, ref: string): Condition {
  const name = `${rel.entity.name}.${rel.property}`;
  const link = rel.link;
  const sourceCols = link.source.map((c) => columnExpr(ref, rel.entity.tableName, c));
  if (value instanceof FilterOperator && (value.op === "isNull" || value.op === "isNotNull") && !rel.many) {
    const none = compileRelation(rel, null, ref);
    return value.op === "isNull" ? none : not(none);
  }
  if (value === null) {
    if (rel.many)
      throw new InvalidValueError(
        `${name} is a collection; it cannot be null. To find rows without related rows use not({ ${rel.property}: {} }).`,
      );
    if (rel.owner) return and(...sourceCols.map((c) => c.isNull()));
    return not(inSubquery(rel, sourceCols, undefined));
  }
  if (value instanceof rel.target.target) {
    const keys = rel.target.primaryKeys.map((k) => (value as Row)[k.property as string]);
    if (keys.some((k) => k === undefined || k === null)) {
      throw new InvalidValueError(`The ${rel.target.name} given to filter ${name} has no primary key yet; flush it first.`);
    }
    if (rel.owner && !rel.many && link.target.every((t, i) => t === rel.target.primaryKeys[i])) {
      return and(...sourceCols.map((c, i) => c.eq(keys[i])));
    }
    value = Object.fromEntries(rel.target.primaryKeys.map((k, i) => [k.property as string, keys[i]]));
  } else if (
    value !== null &&
    typeof value === "object" &&
    !isPlainObject(value) &&
    !(value instanceof FilterGroup) &&
    !(value instanceof Expression)
  ) {
    throw new InvalidValueError(
      `${name} filters by a ${rel.target.name} object or a filter object such as { id: 1 }, got ${describeValue(value)}.`,
    );
  }
  return inSubquery(rel, sourceCols, compileFilter(rel.target, value));
}

function inSubquery(rel: RelationMetadata, sourceCols: Expression<unknown>[], nested: Condition | undefined): Condition {
  const link = rel.link;
  if (sourceCols.length !== 1) {
    throw new UsageError(
      `Filtering through ${rel.entity.name}.${rel.property} needs a single-column key; use a sql\`\` condition for composite keys.`,
    );
  }
  const target = rel.target;
  const targetCol = columnExpr(target.tableName, target.tableName, link.target[0]);
  let query: SelectNode;
  if (link.via) {
    const via = link.via;
    const viaSource = columnExpr(via.table, via.table, via.viaSource[0]);
    const viaTarget = columnExpr(via.table, via.table, via.viaTarget[0]);
    query = keySelect(viaSource, via.table, nested, [joinNode("inner", tableNode(target.tableName), viaTarget.eq(targetCol).node)]);
  } else {
    // A NULL in the subquery's column would make NOT IN match nothing.
    const notNull = link.target[0].nullable ? targetCol.isNotNull() : undefined;
    query = keySelect(targetCol, target.tableName, allOf(nested, notNull), []);
  }
  return new Expression<boolean>(inNode(sourceCols[0].node, query, false));
}

/** `SELECT selected FROM from [joins] WHERE where`: the subquery of a relation filter. */
function keySelect(selected: Expression<unknown>, from: string, where: Condition | undefined, joins: SelectNode["joins"]): SelectNode {
  return selectNode({ selection: [selectionNode(selected.node, "k")], from: tableNode(from), joins, where: where?.node });
}
