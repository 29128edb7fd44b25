import "reflect-metadata";
import { type ColumnOptions, type ColumnRole, recordColumn } from "../lib/metadata";
import type { Column as CoreColumn } from "../lib/sql";

/** As a type, `Column` is a Core column (`users.c.name`); as a value, the property decorator. */
export type Column<K extends string = string, T = unknown> = CoreColumn<K, T>;

/** Record a column decorator; the type comes from `type`, `enum` or design:type when metadata is built. */
export function columnDecorator(role: ColumnRole, options: object): PropertyDecorator {
  return (target, property) => {
    if (typeof property !== "string") throw new TypeError("Strata columns must have string property names.");
    recordColumn(target, { property, role, options, designType: Reflect.getMetadata("design:type", target, property) });
  };
}

/**
 * Map a property to a column. NOT NULL unless `nullable: true`.
 *
 * ```ts
 * @Column({ length: 100 }) title!: string;                 // varchar(100) NOT NULL
 * @Column({ type: "json", nullable: true }) tags!: string[] | null;
 * ```
 */
export function Column(options: ColumnOptions = {}): PropertyDecorator {
  return columnDecorator("column", options);
}
