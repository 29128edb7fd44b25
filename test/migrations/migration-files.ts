import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LIB = JSON.stringify(join(__dirname, "..", "..", "lib"));
const TYPES = JSON.stringify(join(__dirname, "..", "..", "migrations"));

/** A fresh folder for one test's migration files. */
export function migrationFolder(): string {
  mkdirSync(join(tmpdir(), "strata-tests"), { recursive: true });
  return mkdtempSync(join(tmpdir(), "strata-tests", "migrations-"));
}

/**
 * Write a TypeScript migration file whose up() and down() bodies are the
 * given lines (calls on `m`); the library is importable as `lib`.
 */
export function writeMigration(folder: string, name: string, up: readonly string[], down: readonly string[]): string {
  const path = join(folder, `${name}.ts`);
  writeFileSync(
    path,
    `import type { MigrationBuilder } from ${TYPES};
import * as lib from ${LIB};

export function up(m: MigrationBuilder): void {
${up.map((l) => `  ${l}`).join("\n")}
}

export function down(m: MigrationBuilder): void {
${down.map((l) => `  ${l}`).join("\n")}
}
`,
  );
  return path;
}
