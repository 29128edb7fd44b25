export * from "./create-nodes";
export * from "./expression-nodes";
export * from "./schema-nodes";
export * from "./statement-nodes";
