import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, DialectCapabilities, IsolationLevel } from "../dialect";
import type { DialectOptions } from "../dialect-options";
import type { Driver, DriverOptions } from "../driver";
import { MysqlCodec } from "./mysql-codec";
import { MysqlCompiler } from "./mysql-compiler";
import { MysqlDdlCompiler } from "./mysql-ddl-compiler";
import { MysqlDriver } from "./mysql-driver";
import { mapMysqlError } from "./mysql-errors";
import { MysqlIntrospector } from "./mysql-introspector";
import { mysqlMigrationLock } from "./mysql-migration-lock";
import { ServerLearningDriver } from "./mysql-server";

class MysqlTransactions extends StandardTransactions {
  /** MySQL sets the isolation level for the next transaction in a statement of its own. */
  begin(isolation?: IsolationLevel): readonly string[] {
    const level = this.isolationSql(isolation);
    return level ? [`SET TRANSACTION ISOLATION LEVEL ${level}`, "START TRANSACTION"] : ["START TRANSACTION"];
  }
}

const codec = new MysqlCodec();
const capabilities: DialectCapabilities = {
  returning: false,
  transactionalDdl: false,
  maxParameters: 65535,
  alterTableAddForeignKey: true,
  generatedKeys: "first-insert-id",
};
const compiler = new MysqlCompiler(codec, capabilities);
const transactions = new MysqlTransactions((n) => compiler.quoteIdentifier(n));
const introspector = new MysqlIntrospector();

/**
 * The dialect of one engine. Its DDL compiler is the engine's own: it knows
 * the engine's options and, once the first connection has told it, which
 * server (MariaDB or MySQL, and the version) the engine talks to.
 */
export function createMysqlDialect(options: DialectOptions = {}): Dialect {
  const ddl = new MysqlDdlCompiler(compiler, codec, options);
  return {
    name: "mysql",
    capabilities,
    codec,
    compiler,
    ddl,
    transactions,
    introspector,
    createDriver(config: ConnectionConfig, driverOptions: DriverOptions): Driver {
      return new ServerLearningDriver(new MysqlDriver(config, driverOptions), ddl);
    },
    /** Keys of one multi-row INSERT are consecutive unless InnoDB interleaves them (innodb_autoinc_lock_mode = 2). */
    async autoIncrementStep(query) {
      const [row] = await query("SELECT @@innodb_autoinc_lock_mode AS lock_mode, @@auto_increment_increment AS step");
      return Number(row?.lock_mode) === 2 ? undefined : Number(row?.step ?? 1);
    },
    migrationLock: mysqlMigrationLock,
    mapError: mapMysqlError,
  };
}
