import type { StrataConfig } from "strata-orm/cli";

export default {
  url: "sqlite+sqlite3:///library.db",
  entities: ["src/entities"],
  migrations: "migrations",
} satisfies StrataConfig;
