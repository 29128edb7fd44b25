import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** Where the sample keeps its SQLite file when no DATABASE_URL is given (git-ignored, recreated each run). */
export const DATA_DIR = join(__dirname, ".data");

/**
 * The database to run on: DATABASE_URL when set, else an SQLite file in the
 * sample's data folder, so `npm run sample` needs no setup.
 */
export function databaseUrl(): string {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  mkdirSync(DATA_DIR, { recursive: true });
  // An absolute path after "sqlite:///" makes four slashes: the file does not depend on the working directory.
  return `sqlite:///${join(DATA_DIR, "task-tracker.db")}`;
}
