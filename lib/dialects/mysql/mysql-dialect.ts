import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, IsolationLevel } from "../dialect";
import type { Driver, DriverOptions } from "../driver";
import { MysqlCodec } from "./mysql-codec";
import { MysqlCompiler } from "./mysql-compiler";
import { MysqlDdlCompiler } from "./mysql-ddl-compiler";
import { MysqlDriver } from "./mysql-driver";
import { mapMysqlError } from "./mysql-errors";
import { MysqlIntrospector } from "./mysql-introspector";
import { mysqlMigrationLock } from "./mysql-migration-lock";

class MysqlTransactions extends StandardTransactions {
  /** MySQL sets the isolation level for the next transaction in a statement of its own. */
  begin(isolation?: IsolationLevel): readonly string[] {
    const level = this.isolationSql(isolation);
    return level ? [`SET TRANSACTION ISOLATION LEVEL ${level}`, "START TRANSACTION"] : ["START TRANSACTION"];
  }
}

const codec = new MysqlCodec();
const compiler = new MysqlCompiler(codec);

export const mysqlDialect: Dialect = {
  name: "mysql",
  capabilities: {
    returning: false,
    transactionalDdl: false,
    maxParameters: 65535,
    alterTableAddForeignKey: true,
    generatedKeys: "first-insert-id",
  },
  codec,
  compiler,
  ddl: new MysqlDdlCompiler(compiler, codec),
  transactions: new MysqlTransactions((n) => compiler.quoteIdentifier(n)),
  introspector: new MysqlIntrospector(),
  createDriver(config: ConnectionConfig, options: DriverOptions): Driver {
    return new MysqlDriver(config, options);
  },
  /** Keys of one multi-row INSERT are consecutive unless InnoDB interleaves them (innodb_autoinc_lock_mode = 2). */
  async autoIncrementStep(query) {
    const [row] = await query("SELECT @@innodb_autoinc_lock_mode AS lock_mode, @@auto_increment_increment AS step");
    return Number(row?.lock_mode) === 2 ? undefined : Number(row?.step ?? 1);
  },
  migrationLock: mysqlMigrationLock,
  mapError: mapMysqlError,
};
