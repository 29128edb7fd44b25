export * from "./build-metadata";
export * from "./decorator-options";
export * from "./decorator-registry";
export * from "./entity-metadata";
export * from "./metadata-store";
export * from "./naming-strategy";
export type { RelationLink } from "./relation-link";
export * from "./table-of";
