"use strict";
/**
 * After `tsc` (npm run build): ES-module entry points that re-export the
 * CommonJS build's names, so `import { createEngine, Session, Table } from
 * "strata-orm"` has every name as a named export, whatever Node's CommonJS
 * export detection makes of the compiled code. They import the CommonJS
 * modules themselves, so `import` and `require` share one instance (one
 * decorator registry).
 *
 *   dist/esm/index.mjs       -> dist/lib/index.js        ("strata-orm")
 *   dist/esm/migrations.mjs  -> dist/migrations/index.js ("strata-orm/migrations")
 *   dist/esm/cli.mjs         -> dist/lib/cli/index.js    ("strata-orm/cli")
 */
const { mkdirSync, writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");

const dist = join(__dirname, "..", "dist");
const ENTRIES = { index: "lib/index.js", migrations: "migrations/index.js", cli: "lib/cli/index.js" };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

mkdirSync(join(dist, "esm"), { recursive: true });
for (const [name, target] of Object.entries(ENTRIES)) {
  const names = Object.keys(require(join(dist, target))).filter((n) => n !== "default" && n !== "__esModule" && IDENTIFIER.test(n));
  const from = relative(join(dist, "esm"), join(dist, target));
  const text = `// Written by tools/write-esm-entries.cjs from ${target}: its names as ES-module exports.
import cjs from ${JSON.stringify(from)};

export const { ${names.sort().join(", ")} } = cjs;
export default cjs;
`;
  writeFileSync(join(dist, "esm", `${name}.mjs`), text);
}
