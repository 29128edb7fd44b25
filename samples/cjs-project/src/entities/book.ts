import { Column, ManyToOne, PrimaryKey, type Relation, Table } from "strata-orm";
import { Author } from "./author.js";

@Table("books")
export class Book {
  @PrimaryKey() id!: number;
  @Column({ length: 120 }) title!: string;
  @Column({ precision: 8, scale: 2 }) price!: string;
  @Column({ type: "bigint" }) isbn!: bigint;
  @Column({ type: "date", nullable: true }) published!: string | null;
  @ManyToOne(
    () => Author,
    (a) => a.books,
    { onDelete: "cascade" },
  )
  author!: Relation<Author>;
}
