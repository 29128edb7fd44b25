import { ConfigError } from "../../errors";
import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, IsolationLevel } from "../dialect";
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
const compiler = new SqliteCompiler(codec);

export const sqliteDialect: Dialect = {
  name: "sqlite",
  capabilities: {
    returning: true,
    transactionalDdl: true,
    maxParameters: 32766,
    alterTableAddForeignKey: false,
    generatedKeys: "last-insert-id",
  },
  codec,
  compiler,
  ddl: new SqliteDdlCompiler(compiler, codec),
  transactions: new SqliteTransactions((n) => compiler.quoteIdentifier(n)),
  introspector: new SqliteIntrospector(),
  createDriver(config: ConnectionConfig, options: DriverOptions): Driver {
    if (config.database === "")
      throw new ConfigError(`No SQLite file in ${config.displayUrl}; use sqlite:///file.db or sqlite://:memory:.`);
    return new SqliteDriver(config, options);
  },
  migrationLock: sqliteMigrationLock,
  mapError: mapSqliteError,
};
