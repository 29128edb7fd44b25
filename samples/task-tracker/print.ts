/** Output helpers: the walk-through prints headings and indented lines, nothing that changes from run to run. */

let section = 0;

export function heading(title: string): void {
  section += 1;
  console.log(`\n== ${section}. ${title}`);
}

export function say(text: string): void {
  console.log(`  ${text}`);
}

/** "a, b and c", for lists of names in sentences. */
export function names(items: readonly string[]): string {
  if (items.length === 0) return "(none)";
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
