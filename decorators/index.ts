export { Column } from "./column";
export { Index } from "./index-decorator";
export { PrimaryKey } from "./primary-key";
export { ManyToMany, ManyToOne, OneToMany, OneToOne, type Relation } from "./relations";
export { Table } from "./table";
export { CreatedAt, type TimestampOptions, UpdatedAt } from "./timestamps";
export { Version } from "./version";
