import type { StatementOptions } from "../../engine";
import { UsageError } from "../../errors";
import { describeValue } from "../../sql";
import type { Query } from "./query";
import type { FindOptions, LoadPath, OrderBy } from "./query-types";

const KNOWN = new Set(["where", "orderBy", "load", "limit", "offset", "statementTimeoutMillis", "signal"]);

/**
 * A query narrowed by find() options: `{ where, orderBy, load, limit, offset }`.
 * The options may come from a request: only own keys are read (a key such as
 * `__proto__` or `constructor` is an unknown option), and each is checked by
 * the query method it goes to.
 */
export function applyFindOptions<T>(query: Query<T>, options: FindOptions<T> = {}): Query<T> {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(`find() takes options such as { where: { id: 1 }, orderBy: { id: "asc" } }, got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new UsageError(`find() has no option ${describeValue(key)}; it takes ${[...KNOWN].join(", ")}.`);
  }
  const own = <K extends keyof FindOptions<T>>(key: K): FindOptions<T>[K] | undefined =>
    Object.hasOwn(options, key) ? options[key] : undefined;
  let q = query;
  const where = own("where");
  if (where !== undefined) q = q.where(where);
  const orderBy = own("orderBy");
  if (orderBy !== undefined) q = q.orderBy(...((Array.isArray(orderBy) ? orderBy : [orderBy]) as OrderBy<T>[]));
  const load = own("load");
  if (load !== undefined) {
    if (!Array.isArray(load) || load.some((path) => typeof path !== "string")) {
      throw new UsageError(
        `find()'s load option takes an array of relation paths such as ["owner", "tasks.tags"], got ${describeValue(load)}.`,
      );
    }
    if (load.length > 0) q = q.load(...(load as LoadPath<T>[]));
  }
  const limit = own("limit");
  if (limit !== undefined) q = q.limit(limit);
  const offset = own("offset");
  if (offset !== undefined) q = q.offset(offset);
  return q;
}

/** The statement limits among find() options, for the query's all()/first(); undefined when none is given. */
export function statementOptionsOf(options: StatementOptions | undefined): StatementOptions | undefined {
  if (options === null || typeof options !== "object") return undefined;
  const statementTimeoutMillis = Object.hasOwn(options, "statementTimeoutMillis") ? options.statementTimeoutMillis : undefined;
  const signal = Object.hasOwn(options, "signal") ? options.signal : undefined;
  return statementTimeoutMillis === undefined && signal === undefined ? undefined : { statementTimeoutMillis, signal };
}
