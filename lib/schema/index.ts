/**
 * The schema layer: compare the live database with the entities, and change
 * it to match (schema sync), or compile the changes for a migration.
 */
export type * from "../dialects/base/schema-change";
export { compileOperations } from "./compile-operations";
export { type DiffOptions, diffSchema, type SchemaDiff } from "./diff-schema";
export { reverseOperations } from "./reverse-operations";
export { type RunSchemaStatement, runSchemaChange } from "./run-schema-change";
export { SchemaChangeFailedError, SchemaChangeRefusedError } from "./schema-errors";
export { applySync, type PlanSyncOptions, planSync, SCHEMA_SYNC_IGNORED_TABLES, type SyncPlan } from "./sync";
