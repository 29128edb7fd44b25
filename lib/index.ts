/**
 * strata-orm: everything user-facing, from one import.
 */

export type { DialectCapabilities, DialectName, IsolationLevel, PoolOptions } from "./dialects";
export * from "./engine";
export * from "./errors";
export * from "./sql";
