import type { CompiledQuery, Dialect, Encoder } from "../../dialects";
import { type Column, type ExecutableNode, toOperandNode } from "../../sql";

/** Shapes kept per entity: a flush writes few, but what is changed is up to the application. */
const SHAPES_KEPT = 64;

/**
 * Whether the compiler turns this value into one bound parameter: true for
 * plain values, false for expressions and subqueries (which become SQL) and
 * for null (which `eq` compiles as IS NULL).
 */
export function bindsAsParameter(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value)) return true;
  return toOperandNode(value, undefined).kind === "param";
}

/**
 * A statement the flush sends once per row (or chunk) with the same text,
 * such as the UPDATE of one entity's changed columns by key: compiled from
 * its tree the first time its shape is seen, then only re-bound. The shape
 * (see statementFor) must determine the SQL text for the entity, and
 * `columns` are the columns whose values the statement binds, in order.
 */
export class ShapeStatement {
  /** The compiled SQL without parameters; false when compiling gave other parameters than bind() would (then it compiles every time). */
  private template?: Omit<CompiledQuery, "params"> | false;
  /**
   * The codec's encoder of each parameter's column (see TypeCodec.encoderFor),
   * one per distinct column: a multi-row INSERT binds each column once per
   * row, and an instant column's encoder remembers the last time it
   * converted (a flush stamps every row with the same one).
   */
  private readonly encoders: Encoder[];

  constructor(
    private readonly dialect: Dialect,
    readonly columns: readonly Column<string, unknown>[],
  ) {
    const byColumn = new Map<Column<string, unknown>, Encoder>();
    this.encoders = new Array<Encoder>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      let encoder = byColumn.get(column);
      if (encoder === undefined) {
        const type = column.valueType;
        encoder = type ? dialect.codec.encoderFor(type, column.target) : (value) => dialect.codec.encode(value, undefined, column.target);
        byColumn.set(column, encoder);
      }
      this.encoders[i] = encoder;
    }
  }

  /**
   * The statement for one row's values (in the order of `columns`). Each is
   * validated and converted by the dialect's codec as the compiler does it
   * (the column's type, its name in messages). `build` makes the tree of the
   * statement with these values: it is compiled the first time, and when its
   * parameters are not exactly these, every time. The caller hands `values`
   * over: they are encoded in place and become the statement's parameters
   * (a flush binds thousands of rows, each with an array made for it).
   */
  bind(values: unknown[], build: (values: readonly unknown[]) => ExecutableNode): CompiledQuery {
    const template = this.template;
    if (template) {
      const params = this.encodeInPlace(values);
      const { sql, statement, selection } = template;
      return selection ? { sql, params, statement, selection } : { sql, params, statement };
    }
    const compiled = this.dialect.compiler.compile(build(values));
    if (template === undefined) {
      const { params: compiledParams, ...rest } = compiled;
      this.template = sameParams(compiledParams, this.encodeInPlace(values)) && rest;
    }
    return compiled;
  }

  private encodeInPlace(values: unknown[]): unknown[] {
    const encoders = this.encoders;
    for (let i = 0; i < values.length; i++) values[i] = encoders[i](values[i]);
    return values;
  }
}

/**
 * Things made once per shape of one entity's statements (a statement, an
 * UPDATE's plan), then kept by the entity's mapping: a flush writes few
 * shapes, but which ones is up to the application, so each keeps the
 * SHAPES_KEPT it used last. Kept as long as the mapping (the engine's
 * metadata) lives, the objects also keep the code a flush's per-row steps
 * were optimized with.
 */
export class ShapeCache<T> {
  private readonly shapes = new Map<string, T>();

  get(shape: string, create: () => T): T {
    const shapes = this.shapes;
    let made = shapes.get(shape);
    if (made === undefined) {
      if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value as string);
      made = create();
      shapes.set(shape, made);
    }
    return made;
  }
}

function sameParams(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameParam(a[i], b[i])) return false;
  return true;
}

function sameParam(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null && a.constructor === b.constructor) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}
