import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { MigrationFileError } from "../lib/errors";
import type { MigrationBuilder } from "./migration-builder";

/** A migration file on disk: its name (the file name without extension) and the checksum of its text. */
export interface MigrationFile {
  readonly name: string;
  readonly path: string;
  readonly checksum: string;
}

/** What a migration file exports. */
export interface MigrationModule {
  up(m: MigrationBuilder): void | Promise<void>;
  down(m: MigrationBuilder): void | Promise<void>;
}

const EXTENSIONS = new Set([".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"]);

function isMigrationFile(file: string): boolean {
  return EXTENSIONS.has(extname(file)) && !file.endsWith(".d.ts") && !file.startsWith(".");
}

/**
 * A checksum of the file's text that ignores line endings, so a checkout on
 * Windows does not report every migration as edited.
 */
export function checksumOf(text: string): string {
  return createHash("sha256").update(text.replace(/\r\n?/g, "\n")).digest("hex");
}

/** The migration files of a folder, sorted by name (names start with a timestamp, so this is creation order). */
export function listMigrationFiles(folder: string): MigrationFile[] {
  const dir = resolve(folder);
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new MigrationFileError(`The migrations folder ${dir} is a file, not a folder.`);
  const files = readdirSync(dir).filter(isMigrationFile).sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const name = basename(file, extname(file));
    const other = seen.get(name);
    if (other) throw new MigrationFileError(`Two migration files have the name ${name}: ${other} and ${file}. Remove one of them.`);
    seen.set(name, file);
    const path = join(dir, file);
    return { name, path, checksum: checksumOf(readFileSync(path, "utf8")) };
  });
}

/**
 * Load a migration module. TypeScript files load through the require hook
 * the `strata` command registers (lib/cli/register-typescript.cjs).
 */
export function loadMigration(file: MigrationFile): MigrationModule {
  let loaded: unknown;
  try {
    // A long-lived process (an app that migrates on start, a test) must see the file as it is now, not as first loaded.
    delete require.cache[file.path];
    loaded = require(file.path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationFileError(`Cannot load migration ${file.name} (${file.path}): ${reason}`, { cause: error });
  }
  const module = (loaded as { default?: unknown })?.default ?? loaded;
  const { up, down } = (module ?? {}) as Partial<MigrationModule>;
  if (typeof up !== "function" || typeof down !== "function") {
    throw new MigrationFileError(
      `Migration ${file.name} (${file.path}) must export two functions, up(m) and down(m); it exports ${Object.keys(loaded ?? {}).join(", ") || "nothing"}.`,
    );
  }
  return { up, down };
}
