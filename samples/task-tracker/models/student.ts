import { Column, ManyToMany, PrimaryKey, type Relation, Table } from "../../../lib";
import { Course } from "./course";

/** Many students take many courses; the pairs live in the enrollments join table. */
@Table("students")
export class Student {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) name!: string;
  @ManyToMany(
    () => Course,
    (c) => c.students,
    { joinTable: "enrollments" },
  )
  courses!: Relation<Course>[];
}
