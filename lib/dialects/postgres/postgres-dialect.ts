import { StandardTransactions } from "../base/standard-transactions";
import type { ConnectionConfig } from "../connection-config";
import type { Dialect } from "../dialect";
import type { Driver, DriverOptions } from "../driver";
import { PostgresCodec } from "./postgres-codec";
import { PostgresCompiler } from "./postgres-compiler";
import { PostgresDdlCompiler } from "./postgres-ddl-compiler";
import { PostgresDriver } from "./postgres-driver";
import { mapPostgresError } from "./postgres-errors";
import { PostgresIntrospector } from "./postgres-introspector";
import { postgresMigrationLock } from "./postgres-migration-lock";

const codec = new PostgresCodec();
const compiler = new PostgresCompiler(codec);

export const postgresDialect: Dialect = {
  name: "postgres",
  capabilities: {
    returning: true,
    transactionalDdl: true,
    maxParameters: 65535,
    alterTableAddForeignKey: true,
    generatedKeys: "returning",
  },
  codec,
  compiler,
  ddl: new PostgresDdlCompiler(compiler, codec),
  transactions: new StandardTransactions((n) => compiler.quoteIdentifier(n)),
  introspector: new PostgresIntrospector(),
  createDriver(config: ConnectionConfig, options: DriverOptions): Driver {
    return new PostgresDriver(config, options);
  },
  migrationLock: postgresMigrationLock,
  mapError: mapPostgresError,
};
