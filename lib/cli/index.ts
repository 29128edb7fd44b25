/** The `strata` command line, importable as "strata-orm/cli" for its config type and for running it programmatically. */
export type { StrataConfig } from "./config/strata-config";
export { main } from "./main";
