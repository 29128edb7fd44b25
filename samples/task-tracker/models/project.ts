import { Column, OneToMany, PrimaryKey, type Relation, Table } from "../../../lib";
import { Task } from "./task";
import { User } from "./user";

/** One project, many users and many tasks. */
@Table("projects")
export class Project {
  @PrimaryKey() id!: number;
  @Column({ length: 100, unique: true }) name!: string;
  @OneToMany(
    () => User,
    (u) => u.project,
  )
  members!: Relation<User>[];
  @OneToMany(
    () => Task,
    (t) => t.project,
  )
  tasks!: Relation<Task>[];
}
