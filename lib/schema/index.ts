/**
 * The schema layer: compare the live database with the entities, and change
 * it to match (schema sync), or compile the changes for a migration.
 */
export type * from "../sql/nodes/schema-operations";
export { compileOperations } from "./compile-operations";
export { type DiffOptions, diffSchema, type SchemaDiff } from "./diff-schema";
export { type RenameCandidate, renameArgument, type SchemaRename } from "./renames";
export { reverseOperations } from "./reverse-operations";
export { type RunSchemaStatement, runSchemaChange } from "./run-schema-change";
export { checkSchema, readLiveSchema, schemaDifferences } from "./schema-check";
export {
  AmbiguousRenameError,
  SchemaChangeFailedError,
  SchemaChangeRefusedError,
  SchemaDriftError,
  SchemaRenameError,
} from "./schema-errors";
export { schemaStartupCheck } from "./startup-check";
export {
  applySync,
  findSyncRenameCandidates,
  type PlanSyncOptions,
  planSync,
  SCHEMA_SYNC_IGNORED_TABLES,
  type SyncPlan,
} from "./sync";
