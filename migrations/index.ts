/**
 * The migration engine: migration files with up(m)/down(m), the
 * `strata_migrations` ledger, and a runner that applies each migration once.
 * Used by the `strata` command; importable as "strata-orm/migrations".
 */
export type { ColumnInput, IndexInput, MigrationBuilder, MigrationStep, TableInput, TableSource } from "./migration-builder";
export { LEDGER_TABLE, type LedgerRow, type LedgerStatus } from "./migration-ledger";
export { checksumOf, listMigrationFiles, type MigrationFile, type MigrationModule } from "./migration-source";
export type { MigrationState } from "./migration-state";
export { emptyMigrationSource, generatedMigrationSource, writeMigrationFile } from "./migration-writer";
export { type Direction, type MigrationEvents, Migrator, type MigratorOptions, type PlannedMigration } from "./migrator";
