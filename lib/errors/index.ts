export * from "./database-errors";
export * from "./migration-errors";
export * from "./orm-errors";
export * from "./strata-error";
