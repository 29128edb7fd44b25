import type { ErModel } from "./er-model";

function entityName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replace(/"/g, "'")}"`;
}

/**
 * A Mermaid `erDiagram`: one block per table (type, name, PK/FK/UK), one line
 * per foreign key with crow's-foot cardinality, e.g.
 * `users ||--o{ tasks : "owner_id"` (a user has zero or more tasks; a task
 * has exactly one user).
 */
export function toMermaid(model: ErModel): string {
  const lines = ["erDiagram"];
  for (const entity of model.entities) {
    lines.push(`  ${entityName(entity.name)} {`);
    for (const a of entity.attributes) {
      const keys = a.keys.length > 0 ? ` ${a.keys.join(", ")}` : "";
      const comment = a.comment ? ` "${a.comment.replace(/"/g, "'")}"` : "";
      lines.push(`    ${a.type} ${a.name}${keys}${comment}`);
    }
    lines.push("  }");
  }
  for (const r of model.relationships) {
    const parent = r.optional ? "|o" : "||";
    const child = r.oneToOne ? "o|" : "o{";
    lines.push(`  ${entityName(r.to)} ${parent}--${child} ${entityName(r.from)} : "${r.label}"`);
  }
  return `${lines.join("\n")}\n`;
}
