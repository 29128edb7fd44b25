import { type Engine, Session } from "../../../lib";
import { Badge, Member, Team } from "../../fixtures/flush-models";
import { emptyTables } from "./reset";

/** The keys of the committed rows seedTeam writes. */
export interface TeamSeed {
  teamId: number;
  aId: number;
  bId: number;
  silverId: number;
  bronzeId: number;
}

/**
 * Empties the given tables of the flush models, then commits team "Base" with
 * members a and b, and badges silver and bronze: the rows a flush test starts from.
 */
export async function seedTeam(engine: Engine, tables: readonly string[]): Promise<TeamSeed> {
  await emptyTables(engine, tables);
  await using session = new Session(engine);
  const team = Object.assign(new Team(), { name: "Base" });
  const a = Object.assign(new Member(), { email: "a@base", team });
  const b = Object.assign(new Member(), { email: "b@base", team });
  const silver = Object.assign(new Badge(), { code: "silver" });
  const bronze = Object.assign(new Badge(), { code: "bronze" });
  session.addAll([team, a, b, silver, bronze]);
  await session.commit();
  return { teamId: team.id, aId: a.id, bId: b.id, silverId: silver.id, bronzeId: bronze.id };
}
