/**
 * strata-orm: everything user-facing, from one import.
 */
export * from "./engine";
export * from "./errors";
export * from "./sql";
export type { DialectCapabilities, DialectName, IsolationLevel, PoolOptions } from "./dialects";
