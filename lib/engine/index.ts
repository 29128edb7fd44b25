export * from "./connection";
export * from "./create-engine";
export * from "./echo";
export * from "./engine";
export * from "./result";
export { parseDatabaseUrl } from "./url";
