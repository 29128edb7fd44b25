import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "./run-cli";

/** Imports of entity files point at this checkout's library, as an installed "strata-orm" would. */
export const LIB = JSON.stringify(join(REPO_ROOT, "lib"));

/**
 * A throwaway project folder: a TypeScript strata.config.ts, TypeScript
 * entity files and a migrations folder, written by the test.
 */
export class TempProject {
  readonly dir: string;

  constructor(prefix = "strata-cli-") {
    mkdirSync(join(tmpdir(), "strata-tests"), { recursive: true });
    this.dir = mkdtempSync(join(tmpdir(), "strata-tests", prefix));
  }

  write(path: string, text: string): string {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  }

  /** strata.config.ts listing the entity folder; the URL comes from DATABASE_URL unless given. */
  writeConfig(options: { url?: string; entities?: string; migrations?: string; collation?: string } = {}): void {
    const url = options.url === undefined ? "" : `url: ${JSON.stringify(options.url)}, `;
    const collation = options.collation === undefined ? "" : `, collation: ${JSON.stringify(options.collation)}`;
    this.write(
      "strata.config.ts",
      `import type { StrataConfig } from ${JSON.stringify(join(REPO_ROOT, "lib", "cli"))};

const config: StrataConfig = { ${url}entities: [${JSON.stringify(options.entities ?? "src/entities")}], migrations: ${JSON.stringify(options.migrations ?? "migrations")}${collation} };
export default config;
`,
    );
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
