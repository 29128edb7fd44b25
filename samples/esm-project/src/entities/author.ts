import { Column, OneToMany, PrimaryKey, type Relation, Table } from "strata-orm";
import { Book } from "./book.js";

@Table("authors")
export class Author {
  @PrimaryKey() id!: number;
  @Column({ length: 80 }) name!: string;
  /** A length alone makes a nullable string a varchar: no `type` needed. */
  @Column({ length: 200, nullable: true }) bio!: string | null;
  @OneToMany(
    () => Book,
    (b) => b.author,
  )
  books!: Relation<Book>[];
}
