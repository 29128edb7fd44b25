import type { MigrationEvents } from "../../migrations";
import type { Output } from "./output";
import { plural } from "./plural";

/**
 * Renders a run's events: a progress line per migration (statement k of n,
 * redrawn on a terminal), one result line per migration, and the SQL itself
 * with --verbose.
 */
export function migrationProgress(out: Output, verbose: boolean): MigrationEvents {
  const { c } = out;
  let current = "";
  return {
    lockWait: () => out.line(c.dim("Another migration runner holds the lock; waiting for it to finish...")),
    checksumMismatch: (name) =>
      out.warn(
        `${name} was edited after it was applied (its checksum differs from the ledger's); the edit has not run and will not. Put further changes in a new migration, or accept the edit with "strata migration:resolve ${name} --applied".`,
      ),
    start: ({ name, direction, index, total, statements }) => {
      current = `${total > 1 ? `[${index}/${total}] ` : ""}${direction === "up" ? "applying" : "reverting"} ${name}`;
      out.status(`${current} (${plural(statements, "statement")})...`);
    },
    statement: ({ sql, index, total }) => {
      if (verbose) out.statement(sql);
      out.progress(`${current}: statement ${index}/${total}`);
    },
    code: ({ description, index, total }) => {
      if (verbose) out.line(c.dim(`-- ${description} (code)`));
      out.progress(`${current}: step ${index}/${total}, ${description}`);
    },
    done: ({ name, direction, statements, ms }) =>
      out.success(
        `${direction === "up" ? "Applied" : "Reverted"} ${c.bold(name)} ${c.dim(`(${plural(statements, "statement")}, ${Math.round(ms)} ms)`)}`,
      ),
    skipped: (name) => out.line(`${name}: already ${c.dim("done by another runner while this one waited; skipped")}`),
  };
}
