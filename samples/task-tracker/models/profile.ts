import { Column, OneToOne, PrimaryKey, type Relation, Table } from "../../../lib";
import { User } from "./user";

/** Each user has at most one profile; the profile row holds the key (profiles.user_id, unique). */
@Table("profiles")
export class Profile {
  @PrimaryKey() id!: number;
  @Column({ length: 200 }) bio!: string;
  @OneToOne(
    () => User,
    (u) => u.profile,
    { owner: true, onDelete: "cascade" },
  )
  user!: Relation<User>;
}
