import type { StatementOptions } from "../../engine";
import { UsageError } from "../../errors";
import type { Query } from "./query";
import type { FindOptions, OrderBy } from "./query-types";

const KNOWN = new Set(["where", "orderBy", "load", "limit", "offset", "statementTimeoutMillis", "signal"]);

/** A query narrowed by find() options: `{ where, orderBy, load, limit, offset }`. */
export function applyFindOptions<T>(query: Query<T>, options: FindOptions<T> = {}): Query<T> {
  if (options === null || typeof options !== "object") throw new UsageError("find() takes options such as { where: { id: 1 } }.");
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new UsageError(`find() has no option "${key}"; it takes ${[...KNOWN].join(", ")}.`);
  }
  let q = query;
  if (options.where !== undefined) q = q.where(options.where);
  if (options.orderBy !== undefined)
    q = q.orderBy(...((Array.isArray(options.orderBy) ? options.orderBy : [options.orderBy]) as OrderBy<T>[]));
  if (options.load !== undefined && options.load.length > 0) q = q.load(...options.load);
  if (options.limit !== undefined) q = q.limit(options.limit);
  if (options.offset !== undefined) q = q.offset(options.offset);
  return q;
}

/** The statement limits among find() options, for the query's all()/first(); undefined when none is given. */
export function statementOptionsOf(options: StatementOptions | undefined): StatementOptions | undefined {
  if (options?.statementTimeoutMillis === undefined && options?.signal === undefined) return undefined;
  return { statementTimeoutMillis: options.statementTimeoutMillis, signal: options.signal };
}
