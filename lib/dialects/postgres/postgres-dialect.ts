import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, DialectCapabilities } from "../dialect";
import type { DialectOptions } from "../dialect-options";
import type { Driver, DriverOptions } from "../driver";
import { PostgresCodec } from "./postgres-codec";
import { PostgresCompiler } from "./postgres-compiler";
import { PostgresDdlCompiler } from "./postgres-ddl-compiler";
import { PostgresDriver } from "./postgres-driver";
import { mapPostgresError } from "./postgres-errors";
import { PostgresIntrospector } from "./postgres-introspector";
import { postgresMigrationLock } from "./postgres-migration-lock";

const codec = new PostgresCodec();
const capabilities: DialectCapabilities = {
  returning: true,
  transactionalDdl: true,
  maxParameters: 65535,
  alterTableAddForeignKey: true,
  generatedKeys: "returning",
};
const compiler = new PostgresCompiler(codec, capabilities);
const transactions = new StandardTransactions((n) => compiler.quoteIdentifier(n));
const introspector = new PostgresIntrospector();

/** The dialect of one engine: its DDL compiler knows the engine's options. */
export function createPostgresDialect(options: DialectOptions = {}): Dialect {
  return {
    name: "postgres",
    capabilities,
    codec,
    compiler,
    ddl: new PostgresDdlCompiler(compiler, codec, options),
    transactions,
    introspector,
    createDriver(config: ConnectionConfig, driverOptions: DriverOptions): Driver {
      return new PostgresDriver(config, driverOptions);
    },
    migrationLock: postgresMigrationLock,
    mapError: mapPostgresError,
  };
}
