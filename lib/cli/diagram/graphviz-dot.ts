import type { ErModel } from "./er-model";

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function id(name: string): string {
  return `"${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * The same diagram in Graphviz DOT, for rendering to SVG: each table an
 * HTML-like label (name, then one row per column), each foreign key an edge
 * from the referencing table with crow's-foot ends.
 */
export function graphvizSource(model: ErModel): string {
  const lines = [
    "digraph strata {",
    '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.6, ranksep=1.2];',
    '  node [shape=plain, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555", dir=both];',
  ];
  for (const entity of model.entities) {
    const rows = entity.attributes.map((a) => {
      // Graphviz refuses an empty <FONT></FONT>: a column without keys gets an empty cell.
      const keys = a.keys.length > 0 ? `<FONT COLOR="#1f6feb">${a.keys.join(",")}</FONT>` : "";
      const name = a.keys.includes("PK") ? `<B>${html(a.name)}</B>` : html(a.name);
      return `<TR><TD ALIGN="LEFT">${name}</TD><TD ALIGN="LEFT"><FONT COLOR="#555555">${html(a.type)}${a.nullable ? "?" : ""}</FONT></TD><TD ALIGN="LEFT">${keys}</TD></TR>`;
    });
    const header = `<TR><TD COLSPAN="3" BGCOLOR="#dbe9ff"><B>${html(entity.name)}</B></TD></TR>`;
    lines.push(
      `  ${id(entity.name)} [label=<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4">${header}${rows.join("")}</TABLE>>];`,
    );
  }
  for (const r of model.relationships) {
    const tail = r.oneToOne ? "teeodot" : "crowodot";
    const head = r.optional ? "teeodot" : "teetee";
    lines.push(`  ${id(r.from)} -> ${id(r.to)} [label=${id(r.label)}, arrowtail=${tail}, arrowhead=${head}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
