export * from "./create-nodes";
export * from "./expression-nodes";
export * from "./schema-nodes";
export * from "./schema-operations";
export * from "./statement-nodes";
