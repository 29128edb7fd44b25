import { type Engine, RelationNotLoadedError, Session } from "../../../lib";
import { Course, Profile, Project, Student, Task, User } from "../models";
import { heading, names, say } from "../print";

const titles = (tasks: readonly Task[]) => names(tasks.map((t) => t.title));

/** The tracker's data for this section: a project, its members and tasks, profiles, and course enrollments. */
async function addTeamAndCourses(engine: Engine): Promise<void> {
  await using session = new Session(engine);
  // One query at a time: a session is one conversation, never shared by concurrent calls.
  const safi = await session.query(User).where({ name: "Safi" }).one();
  const rukhya = await session.query(User).where({ name: "Rukhya" }).one();
  const ayaan = await session.query(User).where({ name: "Ayaan" }).one();
  const launch = Object.assign(new Project(), { name: "Launch" });
  // Setting one side is enough: after the flush, launch.members lists them too.
  safi.project = launch;
  rukhya.project = launch;
  const schema = await session.query(Task).where({ title: "Write the schema" }).one();
  schema.project = launch;
  session.addAll([
    Object.assign(new Task(), { title: "Review the pull request", owner: rukhya, project: launch }),
    Object.assign(new Task(), { title: "Plan the release", owner: rukhya, project: launch, status: "in progress" }),
    Object.assign(new Task(), { title: "Fix the flaky test", owner: ayaan }),
    Object.assign(new Profile(), { user: safi, bio: "Keeps the backlog tidy" }),
    Object.assign(new Profile(), { user: rukhya, bio: "Reviews everything" }),
  ]);
  const databases = Object.assign(new Course(), { title: "Databases" });
  const typescript = Object.assign(new Course(), { title: "TypeScript" });
  session.addAll([
    Object.assign(new Student(), { name: "Mina", courses: [databases, typescript] }),
    Object.assign(new Student(), { name: "Omar", courses: [databases] }),
  ]);
  await session.commit();
}

/** Seed section 5: every relationship kind, read from each end. Each read names what it loads; nothing loads behind your back. */
export async function relationships(engine: Engine): Promise<void> {
  await addTeamAndCourses(engine);
  await navigate(engine);
  await notLoaded(engine);
}

async function navigate(engine: Engine): Promise<void> {
  await using session = new Session(engine);

  heading("One-to-many: a user's tasks, and a task's owner");
  const rukhya = await session.query(User).where({ name: "Rukhya" }).load("tasks").one();
  say(`Rukhya's tasks: ${titles(rukhya.tasks)}`);
  const fix = await session.query(Task).where({ title: "Fix the flaky test" }).load("owner").one();
  say(`"${fix.title}" belongs to ${fix.owner.name}`);

  heading("One project, many users and tasks");
  const launch = await session.query(Project).where({ name: "Launch" }).load("members", "tasks").one();
  say(`Launch members: ${names(launch.members.map((u) => u.name))}`);
  say(`Launch tasks: ${titles(launch.tasks)}`);
  const team = await session.query(User).orderBy({ name: "asc" }).load("project").all();
  for (const user of team) say(`${user.name} works on ${user.project?.name ?? "no project"}`);

  heading("One-to-one: a user's profile, and a profile's user");
  const safi = await session.query(User).where({ name: "Safi" }).load("profile").one();
  say(`Safi's profile: ${safi.profile?.bio}`);
  const reviewer = await session.query(Profile).where({ bio: "Reviews everything" }).load("user").one();
  say(`"${reviewer.bio}" is ${reviewer.user.name}'s profile`);

  heading("Many-to-many: students and courses, through the enrollments table");
  const mina = await session.query(Student).where({ name: "Mina" }).load("courses").one();
  say(`Mina takes ${names(mina.courses.map((c) => c.title))}`);
  const databases = await session.query(Course).where({ title: "Databases" }).load("students").one();
  say(`Databases has ${names(databases.students.map((s) => s.name))}`);

  heading("Load paths and relation filters");
  // "tasks.owner.profile": three levels, one query per level (not one per row).
  const [project] = await session.query(Project).load("tasks.owner.profile").all();
  for (const task of project.tasks) say(`${task.title}: ${task.owner.name} (${task.owner.profile?.bio ?? "no profile"})`);
  const pendingInLaunch = await session
    .query(Task)
    .where({ project: { name: "Launch" }, status: "pending" })
    .count();
  say(`pending tasks in Launch: ${pendingInLaunch}`);
}

async function notLoaded(engine: Engine): Promise<void> {
  heading("A relation that was not loaded says so, instead of quietly being empty");
  await using session = new Session(engine);
  const omar = await session.query(Student).where({ name: "Omar" }).one();
  try {
    say(`Omar takes ${omar.courses.length} courses`);
  } catch (error) {
    if (!(error instanceof RelationNotLoadedError)) throw error;
    say(`${error.name}: ${error.message}`);
  }
}
