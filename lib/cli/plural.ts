/** "1 statement", "2 statements"; irregular words take their plural: plural(2, "entity", "entities"). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
