import { Column, ManyToOne, OneToMany, OneToOne, PrimaryKey, type Relation, Table } from "../../../lib";
import { Profile } from "./profile";
import { Project } from "./project";
import { Task } from "./task";

/** Someone who owns tasks; a member of at most one project. */
@Table("users")
export class User {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) name!: string;
  @ManyToOne(
    () => Project,
    (p) => p.members,
    { nullable: true, onDelete: "set null" },
  )
  project!: Relation<Project> | null;
  // cascade: adding a user to a session adds the new tasks in its list too.
  @OneToMany(
    () => Task,
    (t) => t.owner,
    { cascade: true },
  )
  tasks!: Relation<Task>[];
  @OneToOne(
    () => Profile,
    (p) => p.user,
  )
  profile!: Relation<Profile> | null;
}
