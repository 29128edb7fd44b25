import type { Dialect, DialectName } from "./dialect";
import type { DialectOptions } from "./dialect-options";
import { createMysqlDialect } from "./mysql/mysql-dialect";
import { createPostgresDialect } from "./postgres/postgres-dialect";
import { createSqliteDialect } from "./sqlite/sqlite-dialect";

export type { PoolStats } from "./base/connection-pool";
export type { DdlCompiler } from "./base/ddl-compiler";
export type { CompiledQuery, SqlCompiler } from "./base/sql-compiler";
export type { Decoder, Encoder, TypeCodec } from "./base/type-codec";
export type { ConnectionConfig, DriverName } from "./connection-config";
export type { Dialect, DialectCapabilities, DialectName, IsolationLevel, MigrationLockSql, TransactionSql } from "./dialect";
export type { DialectOptions } from "./dialect-options";
export type { Driver, DriverColumn, DriverConnection, DriverOptions, DriverQuery, DriverResult, PoolOptions } from "./driver";
export type { IntrospectedColumn, IntrospectedTable, IntrospectionQuery, Introspector } from "./introspector";

const DIALECTS: Readonly<Record<DialectName, (options: DialectOptions) => Dialect>> = {
  sqlite: createSqliteDialect,
  postgres: createPostgresDialect,
  mysql: createMysqlDialect,
};

/**
 * A dialect for one engine: a new one per call, whose DDL compiler holds the
 * engine's options and what the engine learns of its server (MySQL).
 * Compilers, codecs and introspectors are shared by every engine.
 */
export function dialectFor(name: DialectName, options: DialectOptions = {}): Dialect {
  return DIALECTS[name](options);
}
