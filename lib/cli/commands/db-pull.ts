import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { LEDGER_TABLE } from "../../../migrations";
import { UsageError } from "../../errors";
import { commandAction } from "../command-action";
import { entitySource, indexSource } from "../db-pull/entity-source";
import { pullModel } from "../db-pull/pull-model";
import { plural } from "../plural";

interface PullOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly import: string;
}

export function registerDbPull(program: Command): void {
  program
    .command("db:pull")
    .description(
      "write entity classes for the tables of an existing database: one file per entity and an index, relations from foreign keys and join tables",
    )
    .option("--out <folder>", "where to write them (default: the config's entities folder, else src/entities next to the config)")
    .option("--force", "overwrite files that already exist there")
    .option("--import <module>", "the module the files import Strata from", "strata-orm")
    .action(
      commandAction(async (ctx, options: PullOptions) => {
        const config = await ctx.config({ loadEntities: false });
        const engine = await ctx.engine();
        const base = dirname(config.file);
        const out = options.out !== undefined ? resolve(options.out) : (config.entityPaths?.[0] ?? join(base, "src", "entities"));
        const tables = (await engine.introspect()).filter((t) => t.name !== LEDGER_TABLE);
        if (tables.length === 0) {
          throw new UsageError(`The ${engine.dialect.name} database has no tables to pull; nothing was written.`);
        }
        const { ddl, introspector } = engine.dialect;
        const model = pullModel(tables, {
          defaultReferentialAction: (t) => t.defaultReferentialAction,
          storesComments: ddl.storesComments,
          isGeneratedKey: (c, t) => ddl.sameKeyGeneration(c, { ...c, autoIncrement: true }, t),
          uniqueIndexIsConstraint: introspector.uniqueIndexIsConstraint,
        });
        const files = new Map(model.entities.map((e) => [join(out, e.fileName), entitySource(e, model.entities, options.import)]));
        files.set(join(out, "index.ts"), indexSource(model.entities));
        const existing = [...files.keys()].filter((f) => existsSync(f));
        if (existing.length > 0 && !options.force) {
          throw new UsageError(
            `${plural(existing.length, "file")} would be overwritten (${existing.map((f) => relative(process.cwd(), f)).join(", ")}); nothing was written. Pass --force to overwrite, or --out <folder> to write elsewhere.`,
          );
        }
        mkdirSync(out, { recursive: true });
        for (const [path, text] of files) writeFileSync(path, text);
        for (const note of model.notes) ctx.out.warn(note);
        const where = relative(process.cwd(), out) || ".";
        ctx.out.success(
          `Wrote ${plural(model.entities.length, "entity", "entities")} and an index to ${where}: ${model.entities.map((e) => e.fileName).join(", ")}.`,
        );
        if (!config.entityPaths?.some((p) => resolve(p) === out)) {
          ctx.out.line(
            `Add "${relative(base, out) || "."}" to "entities" in ${relative(process.cwd(), config.file) || config.file}, then check with "strata schema:log".`,
          );
        }
      }),
    );
}
