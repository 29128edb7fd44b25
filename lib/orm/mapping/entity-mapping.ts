import type { Decoder, Dialect, DriverColumn } from "../../dialects";
import type { ColumnMetadata, EntityMetadata } from "../../metadata";
import type { Column } from "../../sql";
import { objectId } from "../../util/object-id";
import { buildDeleteLayout, type DeleteLayout } from "./delete-layout";
import { type GeneratedHydrator, generateHydrator, type Hydrator } from "./entity-hydrator";
import { buildFlushShape, type FlushShape } from "./flush-shape";
import { buildHydratedPrototype } from "./hydrated-prototype";
import { buildSnapshotKey, type IdentityKey, identityKeyOfSnapshot, type SnapshotKey } from "./identity";
import { buildNewRowPlan, type NewRowPlan } from "./new-row-plan";
import { ShapeCache, ShapeStatement } from "./statement-cache";
import { buildUpdateLayout, buildUpdateShape, type UpdateLayout, type UpdateShape } from "./update-plan";
import { buildValueLayout, type ValueLayout } from "./value-layout";

/**
 * One entity as the ORM runs it on one engine: everything derived from its
 * metadata that loading and flushing use, made once (the parts a session
 * may never need, on first use) and kept here, as SQLAlchemy's Mapper
 * memoizes what persistence reads. There is one per entity and engine,
 * reached through the engine's Mappings; tracked objects' states point at
 * theirs, so the hot paths read a field rather than look anything up.
 */
export class EntityMapping {
  /** Where the key sits in a snapshot. */
  readonly snapshotKey: SnapshotKey;
  /** Which columns a flushed row's bookkeeping touches. */
  readonly flushShape: FlushShape;
  #valueLayout?: ValueLayout;
  #newRows?: NewRowPlan;
  #updateLayout?: UpdateLayout;
  #deleteLayout?: DeleteLayout;
  /** Statements sent once per row or chunk with the same text, by shape (the INSERT of these columns, x rows, ...). */
  readonly #statements = new ShapeCache<ShapeStatement>();
  readonly #updateShapes = new ShapeCache<UpdateShape>();
  /** Hydrators by result shape, with instances of their layouts kept alive beside them (see keepLayoutOf). */
  readonly #hydrators = new Map<string, GeneratedHydrator>();
  #prototype?: object;
  /** Prototypes without the accessors of relations a loader sets itself, by those relations' names. */
  readonly #loaderPrototypes = new Map<string, object>();

  constructor(
    readonly entity: EntityMetadata,
    private readonly dialect: Dialect,
  ) {
    this.snapshotKey = buildSnapshotKey(entity);
    this.flushShape = buildFlushShape(entity, this.snapshotKey);
  }

  /** How an object's current column values are read. */
  get valueLayout(): ValueLayout {
    this.#valueLayout ??= buildValueLayout(this.entity);
    return this.#valueLayout;
  }

  /** What Strata fills in on a new object before its INSERT. */
  get newRows(): NewRowPlan {
    this.#newRows ??= buildNewRowPlan(this.entity);
    return this.#newRows;
  }

  get updateLayout(): UpdateLayout {
    this.#updateLayout ??= buildUpdateLayout(this.entity);
    return this.#updateLayout;
  }

  get deleteLayout(): DeleteLayout {
    this.#deleteLayout ??= buildDeleteLayout(this.entity);
    return this.#deleteLayout;
  }

  /** The identity-map key of a row given as its snapshot. */
  keyOfSnapshot(snapshot: readonly unknown[]): IdentityKey | undefined {
    return identityKeyOfSnapshot(this.snapshotKey, snapshot);
  }

  /** The statement of one shape, made the first time with the columns `columns` gives (see ShapeStatement). */
  statement(shape: string, columns: () => readonly Column<string, unknown>[]): ShapeStatement {
    return this.#statements.get(shape, () => new ShapeStatement(this.dialect, columns()));
  }

  /** The UPDATE of rows that changed these columns (indexes in entity.columns, ascending). */
  updateShape(changed: readonly number[]): UpdateShape {
    return this.#updateShapes.get(changed.join(","), () =>
      buildUpdateShape(this.entity, this.updateLayout, this.flushShape, [...changed], (shape, columns) => this.statement(shape, columns)),
    );
  }

  /**
   * The hydrator of this entity's columns at `offset` in rows of this
   * result, made once per shape (which columns, where, with which decoders).
   * `setByLoader`: relations the caller sets on every instance before the
   * load returns (see prototype()).
   */
  hydrator(
    columns: readonly ColumnMetadata[],
    driverColumns: readonly DriverColumn[],
    exactIntegers: boolean,
    offset = 0,
    setByLoader: readonly string[] = [],
  ): Hydrator {
    const codec = this.dialect.codec;
    const decoders: (Decoder | undefined)[] = columns.map((c, i) =>
      codec.decoderFor(c.type, driverColumns[offset + i] ?? { name: c.name }, exactIntegers),
    );
    const signature = `${setByLoader.join(",")}|${offset}|${columns.map((c, i) => `${c.name}:${objectId(decoders[i])}`).join(",")}`;
    let made = this.#hydrators.get(signature);
    if (made === undefined) {
      made = generateHydrator(this.entity, columns, decoders, offset, this.prototype(setByLoader), setByLoader);
      this.#hydrators.set(signature, made);
    }
    return made.hydrate;
  }

  /**
   * The prototype of the instances Strata makes of this entity (see
   * buildHydratedPrototype), or, for a loader that sets these relations on
   * every instance before the load returns (the to-one back to the parent
   * of a select-in load, the relations a query loads select-in on its
   * roots), one without their accessors. Should the load fail first,
   * restoreAccessors() puts its objects back on the full prototype.
   */
  prototype(setByLoader: readonly string[] = []): object {
    if (setByLoader.length === 0) {
      this.#prototype ??= buildHydratedPrototype(this.entity, []);
      return this.#prototype;
    }
    const name = setByLoader.join(",");
    let proto = this.#loaderPrototypes.get(name);
    if (proto === undefined) {
      proto = buildHydratedPrototype(this.entity, setByLoader);
      this.#loaderPrototypes.set(name, proto);
    }
    return proto;
  }

  /**
   * A load failed before setting every relation it was to set on objects it
   * hydrated without their accessors: those objects get the prototype with
   * every accessor back, so reading a relation the load did not set raises
   * RelationNotLoadedError rather than giving undefined. Values it did set
   * are own properties and stay.
   */
  restoreAccessors(objects: readonly object[]): void {
    if (this.#loaderPrototypes.size === 0) return;
    const partial = new Set(this.#loaderPrototypes.values());
    const full = this.prototype();
    for (const object of objects) if (partial.has(Object.getPrototypeOf(object))) Object.setPrototypeOf(object, full);
  }
}
