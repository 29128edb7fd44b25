import { Course } from "./course";
import { Profile } from "./profile";
import { Project } from "./project";
import { Student } from "./student";
import { Task } from "./task";
import { User } from "./user";

export { Course, Profile, Project, Student, Task, User };

/** Every entity of the task tracker, for createEngine({ entities }) and the strata CLI. */
export const entities = [User, Task, Project, Profile, Student, Course];
