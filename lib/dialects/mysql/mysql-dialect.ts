import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect, IsolationLevel } from "../dialect";
import type { Driver, PoolOptions } from "../driver";
import { MysqlCodec } from "./mysql-codec";
import { MysqlCompiler } from "./mysql-compiler";
import { MysqlDdlCompiler } from "./mysql-ddl-compiler";
import { MysqlDriver } from "./mysql-driver";
import { mapMysqlError } from "./mysql-errors";

class MysqlTransactions extends StandardTransactions {
  /** MySQL sets the isolation level for the next transaction in a statement of its own. */
  begin(isolation?: IsolationLevel): readonly string[] {
    return isolation ? [`SET TRANSACTION ISOLATION LEVEL ${isolation.toUpperCase()}`, "START TRANSACTION"] : ["START TRANSACTION"];
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
    reportsInsertId: true,
  },
  codec,
  compiler,
  ddl: new MysqlDdlCompiler(compiler, codec),
  transactions: new MysqlTransactions((n) => compiler.quoteIdentifier(n)),
  createDriver(config: ConnectionConfig, pool: PoolOptions): Driver {
    return new MysqlDriver(config, pool);
  },
  mapError: mapMysqlError,
};
