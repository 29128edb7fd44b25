import {
  type EntityClass,
  type InverseSide,
  type ManyToManyOptions,
  type ManyToOneOptions,
  type OneToManyOptions,
  type OneToOneOptions,
  type RelationKind,
  recordRelation,
} from "../lib/metadata";

/**
 * The type for relation properties in entity files that import each other:
 * `owner!: Relation<User>`. Compilers that emit decorator metadata (SWC)
 * would otherwise evaluate `User` while the other file is still loading.
 */
export type Relation<T> = T;

function relation<T>(
  kind: RelationKind,
  target: () => EntityClass<T>,
  inverse: InverseSide<T> | undefined,
  options: object,
): PropertyDecorator {
  if (typeof target !== "function")
    throw new TypeError(`The first argument of a relation decorator is a function returning the class, e.g. () => User.`);
  return (prototype, property) => {
    if (typeof property !== "string") throw new TypeError("Strata relations must have string property names.");
    recordRelation(prototype, { property, kind, target, inverse: inverse as InverseSide<unknown> | undefined, options });
  };
}

/** Many of these point to one target; this table holds the foreign key `<property>_id`. */
export function ManyToOne<T>(
  target: () => EntityClass<T>,
  inverse?: InverseSide<T> | ManyToOneOptions,
  options: ManyToOneOptions = {},
): PropertyDecorator {
  return typeof inverse === "object"
    ? relation("many-to-one", target, undefined, inverse)
    : relation("many-to-one", target, inverse, options);
}

/** The other side of a @ManyToOne: a collection of the targets that point here. */
export function OneToMany<T>(target: () => EntityClass<T>, inverse: InverseSide<T>, options: OneToManyOptions = {}): PropertyDecorator {
  return relation("one-to-many", target, inverse, options);
}

/** One to one; the side with `{ owner: true }` holds the unique foreign key. */
export function OneToOne<T>(
  target: () => EntityClass<T>,
  inverse?: InverseSide<T> | OneToOneOptions,
  options: OneToOneOptions = {},
): PropertyDecorator {
  return typeof inverse === "object"
    ? relation("one-to-one", target, undefined, inverse)
    : relation("one-to-one", target, inverse, options);
}

/** Many to many through a join table; the side that names `joinTable` owns the join rows. */
export function ManyToMany<T>(
  target: () => EntityClass<T>,
  inverse?: InverseSide<T> | ManyToManyOptions,
  options: ManyToManyOptions = {},
): PropertyDecorator {
  return typeof inverse === "object"
    ? relation("many-to-many", target, undefined, inverse)
    : relation("many-to-many", target, inverse, options);
}
