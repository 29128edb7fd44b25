import type { Command } from "commander";
import type { Engine } from "../engine";
import { UsageError } from "../errors";
import { AmbiguousRenameError, findSyncRenameCandidates, type RenameCandidate, renameArgument, type SchemaRename } from "../schema";
import type { CliContext } from "./cli-context";
import { confirm, isInteractive } from "./prompt";

/** The rename options of schema:sync, schema:log and migration:generate. */
export interface RenameOptions {
  readonly rename: string[];
  readonly renameTable: string[];
  /** false with --no-detect-renames: likely renames are taken as what they look like (a drop and an add). */
  readonly detectRenames: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Add --rename, --rename-table and --no-detect-renames to a command. */
export function withRenameOptions(command: Command): Command {
  return command
    .option(
      "--rename <table.old=new>",
      "a column renamed in the entities, renamed in the database with its values (repeatable)",
      collect,
      [],
    )
    .option("--rename-table <old=new>", "a table renamed in the entities, renamed in the database with its rows (repeatable)", collect, [])
    .option("--no-detect-renames", "take a column or table that looks renamed as dropped and added, without asking");
}

/** `users.fullname=name` (or `=users.name`) and `people=members` as renames. */
export function parseRenames(options: RenameOptions): SchemaRename[] {
  const renames: SchemaRename[] = [];
  for (const arg of options.renameTable) {
    const m = /^([^=]+)=([^=]+)$/.exec(arg.trim());
    if (!m) throw new UsageError(`--rename-table takes old=new (the table's name in the database, then in the entities), got "${arg}".`);
    renames.push({ kind: "table", from: m[1].trim(), to: m[2].trim() });
  }
  for (const arg of options.rename) {
    const m = /^([^.=]+)\.([^=]+)=(?:\1\.)?([^=.]+)$/.exec(arg.trim());
    if (!m) {
      throw new UsageError(`--rename takes table.old=new (e.g. --rename users.fullname=name), got "${arg}".`);
    }
    renames.push({ kind: "column", table: m[1].trim(), from: m[2].trim(), to: m[3].trim() });
  }
  return renames;
}

const key = (r: SchemaRename) => `${r.kind}:${renameArgument(r)}`;

/** Whether a candidate's old or new name is already taken by a rename decided on. */
function settled(c: SchemaRename, renames: readonly SchemaRename[]): boolean {
  return renames.some(
    (r) =>
      r.kind === c.kind && (r.kind === "table" || (c.kind === "column" && r.table === c.table)) && (r.from === c.from || r.to === c.to),
  );
}

function refusal(candidates: readonly RenameCandidate[]): AmbiguousRenameError {
  const lines = candidates.map((c) => `  - ${c.description}: ${c.kind === "table" ? "--rename-table" : "--rename"} ${renameArgument(c)}`);
  const column = candidates.find((c) => c.kind === "column");
  const table = candidates.find((c) => c.kind === "table");
  const keepName = [
    column ? `@Column({ name: "${column.from}" }) on the renamed property` : "",
    table ? `@Table("${table.from}") on the renamed class` : "",
  ].filter(Boolean);
  return new AmbiguousRenameError(
    `Nothing was changed: ${candidates.length === 1 ? "this change looks like a rename" : `these ${candidates.length} changes look like renames`}, and there is no terminal to ask in:\n${lines.join("\n")}\nSay which are renames with --rename table.old=new (columns) and --rename-table old=new (tables), and their data is kept; or keep the database's name with ${keepName.join(" or ")}; or pass --no-detect-renames if none is a rename (the old ${candidates.length === 1 ? "one is" : "ones are"} then kept, or dropped with --allow-drop, and ${candidates.length === 1 ? "its" : "their"} data with ${candidates.length === 1 ? "it" : "them"}).`,
  );
}

/**
 * The renames a sync or a generated migration makes: those given on the
 * command line, and each likely one found, asked about in a terminal
 * (asking again after each yes: a renamed table may show renamed columns).
 * Without a terminal, an unanswered likely rename refuses the command.
 */
export async function resolveRenames(
  ctx: CliContext,
  engine: Engine,
  options: RenameOptions & { allowDrop: boolean },
): Promise<SchemaRename[]> {
  const renames = parseRenames(options);
  if (!options.detectRenames) return renames;
  const asked = new Set<string>();
  for (;;) {
    const candidates = (await findSyncRenameCandidates(engine, { allowDrop: options.allowDrop, renames })).filter(
      (c) => !asked.has(key(c)) && !settled(c, renames),
    );
    if (candidates.length === 0) return renames;
    if (!isInteractive()) throw refusal(candidates);
    const c = candidates[0];
    asked.add(key(c));
    const question =
      c.kind === "table" ? `Was table ${c.from} renamed to ${c.to}?` : `Was column ${c.table}.${c.from} renamed to ${c.table}.${c.to}?`;
    ctx.out.line(ctx.out.c.yellow(`The ${c.description}.`));
    if (await confirm(question)) {
      renames.push(
        c.kind === "table" ? { kind: "table", from: c.from, to: c.to } : { kind: "column", table: c.table, from: c.from, to: c.to },
      );
    }
  }
}
