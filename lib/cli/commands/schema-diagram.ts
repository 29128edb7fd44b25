import { writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { buildMetadata } from "../../metadata";
import { commandAction } from "../command-action";
import { erModel } from "../diagram/er-model";
import { graphvizSource } from "../diagram/graphviz-dot";
import { toMermaid } from "../diagram/mermaid";
import { renderSvg } from "../diagram/render-svg";
import { plural } from "../plural";

export function registerSchemaDiagram(program: Command): void {
  program
    .command("schema:diagram")
    .description("print an entity-relationship diagram of the entities as Mermaid text (no database needed)")
    .option("--svg <file>", "also render it to an SVG file (Graphviz, offline)")
    .action(
      commandAction(async (ctx, options: { svg?: string }) => {
        await ctx.requireEntities();
        const config = await ctx.config();
        // Drawn from the mapping alone, so it works without a database.
        const model = erModel(buildMetadata(config.entities).tableSchemas);
        if (options.svg === undefined) {
          ctx.out.line(toMermaid(model).trimEnd());
          return;
        }
        const path = resolve(options.svg);
        writeFileSync(path, await renderSvg(graphvizSource(model)));
        ctx.out.success(
          `Wrote ${relative(process.cwd(), path) || path} (${plural(model.entities.length, "table")}, ${plural(model.relationships.length, "relationship")}).`,
        );
      }),
    );
}
