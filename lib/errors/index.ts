export * from "./database-errors";
export * from "./strata-error";
