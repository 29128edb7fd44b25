/**
 * Helpers for the type tests. These files are compiled by `tsc --noEmit`
 * (tsconfig includes test/) and never run: jest only picks up *.test.ts.
 */

/**
 * True only when A and B are the same type, not merely assignable either way
 * (`any`, `{ a?: T }` vs `{ a: T | undefined }` and `T` vs `T | null` all differ).
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when given `true`: `expectType<Equal<typeof row, { id: number }>>()`. */
export function expectType<_T extends true>(): void {}
