import type { InverseSide } from "./decorator-registry";

/**
 * The property an inverse-side accessor such as `(u) => u.tasks` reads,
 * found by calling it on a proxy that records the first property access.
 */
export function inversePropertyName(inverse: InverseSide<unknown> | undefined): string | undefined {
  if (inverse === undefined) return undefined;
  if (typeof inverse === "string") return inverse;
  let name: string | undefined;
  const recorder = new Proxy(
    {},
    {
      get(_target, property) {
        name ??= typeof property === "string" ? property : undefined;
        return undefined;
      },
    },
  );
  try {
    inverse(recorder);
  } catch {
    // Accessors that go deeper than one property throw on the undefined they get; the first name is what counts.
  }
  return name;
}
