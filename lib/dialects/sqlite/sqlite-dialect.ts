import { ConfigError } from "../../errors";
import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, DialectCapabilities, IsolationLevel } from "../dialect";
import type { DialectOptions } from "../dialect-options";
import type { Driver, DriverOptions } from "../driver";
import { SqliteCodec } from "./sqlite-codec";
import { SqliteCompiler } from "./sqlite-compiler";
import { SqliteDdlCompiler } from "./sqlite-ddl-compiler";
import { SqliteDriver } from "./sqlite-driver";
import { mapSqliteError } from "./sqlite-errors";
import { SqliteIntrospector } from "./sqlite-introspector";
import { sqliteMigrationLock } from "./sqlite-migration-lock";

class SqliteTransactions extends StandardTransactions {
  /** SQLite transactions are always serializable; IMMEDIATE takes the write lock up front so a later write cannot deadlock. */
  begin(isolation?: IsolationLevel): readonly string[] {
    this.isolationSql(isolation);
    return ["BEGIN IMMEDIATE"];
  }
}

const codec = new SqliteCodec();
const capabilities: DialectCapabilities = {
  returning: true,
  transactionalDdl: true,
  maxParameters: 32766,
  alterTableAddForeignKey: false,
  generatedKeys: "last-insert-id",
};
const compiler = new SqliteCompiler(codec, capabilities);
const transactions = new SqliteTransactions((n) => compiler.quoteIdentifier(n));
const introspector = new SqliteIntrospector();

/** The dialect of one engine: its DDL compiler knows the engine's options. */
export function createSqliteDialect(options: DialectOptions = {}): Dialect {
  return {
    name: "sqlite",
    capabilities,
    codec,
    compiler,
    ddl: new SqliteDdlCompiler(compiler, codec, options),
    transactions,
    introspector,
    createDriver(config: ConnectionConfig, driverOptions: DriverOptions): Driver {
      if (config.database === "")
        throw new ConfigError(`No SQLite file in ${config.displayUrl}; use sqlite:///file.db or sqlite://:memory:.`);
      return new SqliteDriver(config, driverOptions);
    },
    migrationLock: sqliteMigrationLock,
    mapError: mapSqliteError,
  };
}
