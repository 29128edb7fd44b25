import { LIB } from "./temp-project";

/**
 * The entity files of a small library app, as TypeScript source for a temp
 * project: version 1, and version 2 with the changes a migration must carry
 * (a new table, a new nullable column, a longer varchar, a column made
 * nullable, a new index, a new relation).
 */
export const AUTHOR_V1 = `import { Column, OneToMany, PrimaryKey, type Relation, Table } from ${LIB};
import { Book } from "./book";

@Table("authors")
export class Author {
  @PrimaryKey() id!: number;
  @Column({ length: 80 }) name!: string;
  @OneToMany(() => Book, (b) => b.author) books!: Relation<Book>[];
}
`;

export const BOOK_V1 = `import { Column, ManyToOne, PrimaryKey, type Relation, Table } from ${LIB};
import { Author } from "./author";

@Table("books")
export class Book {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @Column({ type: "varchar", length: 20 }) isbn!: string;
  @ManyToOne(() => Author, (a) => a.books, { onDelete: "cascade" }) author!: Relation<Author>;
}
`;

export const BOOK_V2 = `import { Column, Index, ManyToOne, PrimaryKey, type Relation, Table } from ${LIB};
import { Author } from "./author";
import { Shelf } from "./shelf";

@Table("books")
@Index(["title"])
export class Book {
  @PrimaryKey() id!: number;
  @Column({ length: 200 }) title!: string;
  @Column({ type: "varchar", length: 20, nullable: true }) isbn!: string | null;
  @Column({ type: "date", nullable: true }) published!: string | null;
  @ManyToOne(() => Author, (a) => a.books, { onDelete: "cascade" }) author!: Relation<Author>;
  @ManyToOne(() => Shelf, (s) => s.books, { nullable: true }) shelf!: Relation<Shelf> | null;
}
`;

export const SHELF_V2 = `import { Column, OneToMany, PrimaryKey, type Relation, Table } from ${LIB};
import { Book } from "./book";

@Table("shelves")
export class Shelf {
  @PrimaryKey() id!: number;
  @Column({ length: 40, unique: true }) label!: string;
  @OneToMany(() => Book, (b) => b.shelf) books!: Relation<Book>[];
}
`;
