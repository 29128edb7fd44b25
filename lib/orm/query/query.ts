import type { StatementOptions } from "../../engine";
import { MultipleRowsError, NotFoundError, UsageError } from "../../errors";
import type { EntityMetadata } from "../../metadata";
import {
  type Condition,
  count,
  describeValue,
  type OrderByNode,
  Ordering,
  orderByNode,
  type SelectNode,
  selectionNode,
  selectNode,
  tableNode,
} from "../../sql";
import { allOf, columnExpr, compileFilter, isPlainObject } from "./compile-filter";
import { loadEntityQuery } from "./entity-loader";
import type { LoadContext } from "./entity-query";
import { buildLoadPlan } from "./load-plan";
import type { QueryRunner } from "./query-runner";
import type { LoadPath, LoadStrategyName, OrderBy, Where } from "./query-types";

/** Limits of one query's statements: `query.all({ signal: request.signal, statementTimeoutMillis: 2000 })`. */
export type QueryRunOptions = StatementOptions;

interface QueryState {
  readonly where?: Condition;
  readonly orderBy: readonly OrderByNode[];
  readonly load: readonly { path: string; strategy?: LoadStrategyName }[];
  readonly limit?: number;
  readonly offset?: number;
  readonly forUpdate: boolean;
}

/**
 * A query for entities of one class, immutable like Core builders: each
 * method returns a new query. Nothing runs until all(), first(), one(),
 * count() or exists().
 *
 * ```ts
 * const tasks = await session.query(Task).where({ status: "pending", owner: { name: "Safi" } })
 *   .orderBy({ id: "desc" }).load("owner").limit(20).all();
 * ```
 */
export class Query<T> {
  /** @internal */
  constructor(
    private readonly runner: QueryRunner,
    private readonly entity: EntityMetadata,
    private readonly state: QueryState = { orderBy: [], load: [], forUpdate: false },
  ) {}

  /** Keep rows matching the filter (or a Core condition on the entity's table); several where() calls all apply. */
  where(filter: Where<T> | Condition): Query<T> {
    const condition = compileFilter(this.entity, filter);
    return this.with({ where: allOf(this.state.where, condition) });
  }

  /**
   * Order by properties in key order (`{ createdAt: "desc", id: "asc" }`),
   * or by Core orderings (`tableOf(Task).c.title.desc()`). Nothing else is
   * taken, so JSON from a request (`orderBy(JSON.parse(req.query.sort))`)
   * can only name mapped properties and the two directions.
   */
  orderBy(...orders: OrderBy<T>[]): Query<T> {
    const nodes: OrderByNode[] = [];
    for (const order of orders) this.addOrdering(nodes, order);
    return this.with({ orderBy: [...this.state.orderBy, ...nodes] });
  }

  private addOrdering(nodes: OrderByNode[], order: unknown): void {
    const entity = this.entity;
    if (order instanceof Ordering) {
      nodes.push(order.node);
      return;
    }
    if (!isPlainObject(order)) throw new UsageError(`${orderByAccepts(entity)}; got ${describeValue(order)}.`);
    for (const property of Object.keys(order)) {
      const column = entity.columnsByProperty.get(property);
      if (!column) {
        throw new UsageError(
          `${entity.name} has no column ${describeValue(property)} to order by; it has: ${[...entity.columnsByProperty.keys()].join(", ")}. ${orderByAccepts(entity)}.`,
        );
      }
      const direction = order[property];
      if (direction !== "asc" && direction !== "desc") {
        throw new UsageError(`orderBy({ ${property}: ${describeValue(direction)} }): the direction is exactly "asc" or "desc".`);
      }
      nodes.push(orderByNode(columnExpr(entity.tableName, entity.tableName, column).node, direction));
    }
  }

  /**
   * Load relations with the results: `load("owner", "tasks.tags")`. Each
   * uses its relation's strategy unless one is given:
   * `load("tasks", { strategy: "joined" })`.
   */
  load(...paths: LoadPath<T>[]): Query<T>;
  load(path: LoadPath<T>, options: { readonly strategy: LoadStrategyName }): Query<T>;
  load(...args: unknown[]): Query<T> {
    const last = args[args.length - 1];
    const options = last !== null && typeof last === "object" ? (args.pop() as { strategy?: LoadStrategyName }) : undefined;
    const added = (args as string[]).map((path) => ({ path, ...(options?.strategy ? { strategy: options.strategy } : {}) }));
    buildLoadPlan(this.entity, added);
    return this.with({ load: [...this.state.load, ...added] });
  }

  /** At most `count` root entities (also when to-many relations are loaded with them). */
  limit(count: number): Query<T> {
    return this.with({ limit: checkCount(count, "limit") });
  }

  offset(count: number): Query<T> {
    return this.with({ offset: checkCount(count, "offset") });
  }

  /** Lock the selected rows until the transaction ends (SELECT ... FOR UPDATE; SQLite locks the whole database on write anyway). */
  forUpdate(): Query<T> {
    return this.with({ forUpdate: true });
  }

  /**
   * Every matching entity. `options` limit this query's statements: a time
   * limit (StatementTimeoutError) or an AbortSignal (StatementCancelledError).
   * A forUpdate() query runs in the session's transaction, beginning it.
   */
  all(options?: QueryRunOptions): Promise<T[]> {
    const { where, orderBy, limit, offset, forUpdate } = this.state;
    const plan = buildLoadPlan(this.entity, this.state.load);
    return this.runner.run(
      "query",
      (ctx) => loadEntityQuery<T>(ctx, { entity: this.entity, where, orderBy, limit, offset, forUpdate }, plan),
      { transactional: forUpdate, statement: options },
    );
  }

  /** The first result, or undefined. */
  async first(options?: QueryRunOptions): Promise<T | undefined> {
    const [found] = await this.limit(1).all(options);
    return found;
  }

  /** The one result: none is a NotFoundError, more than one a MultipleRowsError. */
  async one(options?: QueryRunOptions): Promise<T> {
    const found = await this.limit(2).all(options);
    if (found.length === 0) throw new NotFoundError(`No ${this.entity.name} matches this query; use first() when none is a valid answer.`);
    if (found.length > 1)
      throw new MultipleRowsError(`More than one ${this.entity.name} matches this query; narrow the filter, or use first() or all().`);
    return found[0];
  }

  /** How many entities match (limit/offset apply). */
  count(options?: QueryRunOptions): Promise<number> {
    return this.runner.run("count", (ctx) => this.countWith(ctx), { statement: options });
  }

  private async countWith(ctx: LoadContext): Promise<number> {
    const keys = this.selectKeys();
    if (keys.limit !== undefined || keys.offset !== undefined) {
      // Databases differ on LIMIT inside subqueries; the keys of one page are few, so count them here.
      const { result } = await ctx.conn.runUndecoded(ctx.conn.dialect.compiler.compile(keys), ctx.statement);
      return result.rows.length;
    }
    const result = await ctx.conn.run<{ count: number }>(
      ctx.conn.dialect.compiler.compile(selectNode({ ...keys, selection: [count().toSelectionNode()] })),
      ctx.statement,
    );
    return Number(result.rows[0]?.count ?? 0);
  }

  /** Whether any entity matches. */
  exists(options?: QueryRunOptions): Promise<boolean> {
    const node = selectNode({ ...this.selectKeys(), limit: 1 });
    return this.runner.run(
      "exists",
      async (ctx) => (await ctx.conn.runUndecoded(ctx.conn.dialect.compiler.compile(node), ctx.statement)).result.rows.length > 0,
      { statement: options },
    );
  }

  private selectKeys(): SelectNode {
    const { where, limit, offset, orderBy } = this.state;
    const table = this.entity.tableName;
    return selectNode({
      selection: this.entity.primaryKeys.map((k, i) => selectionNode(columnExpr(table, table, k).node, `k${i}`, k.type)),
      from: tableNode(table),
      where: where?.node,
      orderBy: limit !== undefined || offset !== undefined ? orderBy : [],
      limit,
      offset,
    });
  }

  private with(changes: Partial<QueryState>): Query<T> {
    return new Query<T>(this.runner, this.entity, { ...this.state, ...changes });
  }
}

/** What orderBy() takes, with an example of the entity's own. */
function orderByAccepts(entity: EntityMetadata): string {
  const example = entity.columns[0]?.property ?? "id";
  return `orderBy() takes { property: "asc" | "desc" } objects, such as { ${example}: "desc" }, or orderings such as tableOf(${entity.name}).c.${example}.desc()`;
}

function checkCount(count: number, name: string): number {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new UsageError(`${name}() takes a whole number of rows, 0 or more; got ${describeValue(count)}.`);
  return count;
}
