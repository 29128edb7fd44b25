import { Column, CreatedAt, ManyToOne, PrimaryKey, type Relation, Table } from "../../../lib";
import { Project } from "./project";
import { User } from "./user";

/** The seed's Task: a title, a status that starts as "pending", and an owner. */
@Table("tasks")
export class Task {
  @PrimaryKey() id!: number;
  @Column({ length: 100 }) title!: string;
  @Column({ length: 20, default: "pending" }) status!: string;
  /** The foreign key as a property of its own, like the seed's owner_id; the relation below uses it. */
  @Column() ownerId!: number;
  @ManyToOne(
    () => User,
    (u) => u.tasks,
    { onDelete: "cascade" },
  )
  owner!: Relation<User>;
  @ManyToOne(
    () => Project,
    (p) => p.tasks,
    { nullable: true },
  )
  project!: Relation<Project> | null;
  @CreatedAt() createdAt!: Date;
}
