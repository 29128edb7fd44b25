import { type Engine, Session } from "../../../lib";
import { Task, User } from "../models";
import { heading, say } from "../print";

/** Seed section 4: a class is a table; column defaults fill in what the code leaves out. */
export async function models(engine: Engine): Promise<void> {
  heading("Models: a Task gets status 'pending' and createdAt without being told");
  await using session = new Session(engine);
  const safi = await session.query(User).where({ name: "Safi" }).one();
  const task = Object.assign(new Task(), { title: "Write the schema", owner: safi });
  say(`before commit: status ${String(task.status)}, createdAt ${String(task.createdAt)}`);
  session.add(task);
  await session.commit();
  say(`after commit: status ${task.status}, createdAt is a Date: ${task.createdAt instanceof Date}`);
  // The foreign-key property is filled in from the relation.
  say(`task.ownerId is Safi's id: ${task.ownerId === safi.id}`);
}
