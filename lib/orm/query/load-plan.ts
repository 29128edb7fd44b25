import { UsageError } from "../../errors";
import type { EntityMetadata, RelationMetadata } from "../../metadata";
import type { LoadStrategyName } from "./query-types";

/** One relation to load, how, and what to load below it. */
export interface LoadNode {
  readonly relation: RelationMetadata;
  readonly strategy: "select-in" | "joined";
  readonly children: LoadNode[];
}

/**
 * The tree of relations to load for a set of paths ("owner", "tasks.tags").
 * Each relation uses the strategy given for its path, else its own default;
 * asking for a lazy relation by name loads it select-in (asking is the
 * explicit request lazy waits for).
 */
export function buildLoadPlan(root: EntityMetadata, paths: readonly { path: string; strategy?: LoadStrategyName }[]): LoadNode[] {
  const top: LoadNode[] = [];
  for (const { path, strategy } of paths) {
    if (typeof path !== "string" || path === "")
      throw new UsageError(`load() takes relation paths such as "owner" or "tasks.tags", got ${JSON.stringify(path)}.`);
    let entity = root;
    let level = top;
    const parts = path.split(".");
    parts.forEach((property, i) => {
      const relation = entity.relationsByProperty.get(property);
      if (!relation) {
        const known = [...entity.relationsByProperty.keys()];
        throw new UsageError(
          `Cannot load "${path}": ${entity.name} has no relation "${property}"${known.length ? ` (its relations: ${known.join(", ")})` : " (it has no relations)"}.`,
        );
      }
      const last = i === parts.length - 1;
      let node = level.find((n) => n.relation === relation);
      if (!node) {
        node = { relation, strategy: strategyFor(relation, last ? strategy : undefined), children: [] };
        level.push(node);
      } else if (last && strategy) {
        const index = level.indexOf(node);
        node = { ...node, strategy: strategyFor(relation, strategy) };
        level[index] = node;
      }
      entity = relation.target;
      level = node.children;
    });
  }
  return top;
}

function strategyFor(relation: RelationMetadata, requested: LoadStrategyName | undefined): "select-in" | "joined" {
  const strategy = requested ?? relation.load;
  if (strategy !== "select-in" && strategy !== "joined" && strategy !== "lazy") {
    throw new UsageError(`Unknown load strategy ${JSON.stringify(strategy)}; use "select-in", "joined" or "lazy".`);
  }
  return strategy === "joined" ? "joined" : "select-in";
}
