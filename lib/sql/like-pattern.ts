/**
 * Text as a LIKE pattern that matches only itself: `%`, `_` and the escape
 * character `\\` are escaped with a backslash, which Strata makes LIKE's
 * escape character on every database.
 *
 * ```ts
 * select(products).where(products.c.name.like(`${escapeLike("100%")}%`))
 * // matches "100% cotton", not "1000 pieces"
 * ```
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
