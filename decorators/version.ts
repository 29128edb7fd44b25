import type { ColumnOptions } from "../lib/metadata";
import { columnDecorator } from "./column";

/** An integer bumped on every update; an update that finds another version fails with OptimisticLockError. */
export function Version(options: Pick<ColumnOptions, "name" | "type" | "comment"> = {}): PropertyDecorator {
  return columnDecorator("version", options);
}
