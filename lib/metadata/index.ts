export * from "./build-metadata";
export * from "./decorator-options";
export * from "./decorator-registry";
export * from "./entity-metadata";
export * from "./metadata-store";
export * from "./naming-strategy";
export * from "./table-of";
