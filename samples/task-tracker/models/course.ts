import { Column, ManyToMany, PrimaryKey, type Relation, Table } from "../../../lib";
import { Student } from "./student";

@Table("courses")
export class Course {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @ManyToMany(
    () => Student,
    (s) => s.courses,
  )
  students!: Relation<Student>[];
}
