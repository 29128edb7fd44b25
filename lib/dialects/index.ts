import type { Dialect, DialectName } from "./dialect";
import { mysqlDialect } from "./mysql/mysql-dialect";
import { postgresDialect } from "./postgres/postgres-dialect";
import { sqliteDialect } from "./sqlite/sqlite-dialect";

export type { PoolStats } from "./base/connection-pool";
export type { DdlCompiler } from "./base/ddl-compiler";
export type { CompiledQuery, SqlCompiler } from "./base/sql-compiler";
export type { Decoder, Encoder, TypeCodec } from "./base/type-codec";
export type { ConnectionConfig } from "./connection-config";
export type { Dialect, DialectCapabilities, DialectName, IsolationLevel, MigrationLockSql, TransactionSql } from "./dialect";
export type { Driver, DriverColumn, DriverConnection, DriverOptions, DriverQuery, DriverResult, PoolOptions } from "./driver";
export type { IntrospectedColumn, IntrospectedTable, IntrospectionQuery, Introspector } from "./introspector";

const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
};

export function dialectFor(name: DialectName): Dialect {
  return DIALECTS[name];
}
