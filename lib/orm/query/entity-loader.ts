import { type LoadContext, type RootQuery, runEntityQuery } from "./entity-query";
import type { LoadNode } from "./load-plan";
import { loadSelectIn } from "./select-in-loader";

/**
 * Select root entities and load the relations of the plan: joined relations
 * in the same query, select-in relations with one query per level, key lists
 * chunked. Rows already in the identity map keep their object (and its
 * unflushed changes); relations an object already holds are kept as they are.
 */
export async function loadEntityQuery<T>(ctx: LoadContext, query: RootQuery, plan: readonly LoadNode[]): Promise<T[]> {
  const { objects } = await runEntityQuery(ctx, query, plan, loadSelectIn);
  return objects as T[];
}
