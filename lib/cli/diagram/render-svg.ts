import { InvalidStatementError } from "../../errors";

/**
 * Render DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no
 * Graphviz install and no network needed. Loaded on demand, as only
 * `schema:diagram --svg` needs it.
 */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  const result = viz.render(dot, { format: "svg", engine: "dot" });
  // Graphviz reports label syntax errors but still "succeeds" with empty nodes: treat any error as a failure.
  const errors = result.errors.filter((e) => e.level === "error");
  if (result.status !== "success" || errors.length > 0) {
    throw new InvalidStatementError(`Graphviz could not draw the diagram: ${errors.map((e) => e.message).join(" ")}`);
  }
  return result.output as string;
}
