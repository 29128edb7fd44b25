import type { ColumnOptions } from "../lib/metadata";
import { columnDecorator } from "./column";

export type TimestampOptions = Pick<ColumnOptions, "name" | "type" | "comment">;

/** Set to the current time when the row is first inserted. */
export function CreatedAt(options: TimestampOptions = {}): PropertyDecorator {
  return columnDecorator("createdAt", options);
}

/** Set to the current time on insert and on every update. */
export function UpdatedAt(options: TimestampOptions = {}): PropertyDecorator {
  return columnDecorator("updatedAt", options);
}
