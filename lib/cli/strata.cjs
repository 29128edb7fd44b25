#!/usr/bin/env node
"use strict";
/**
 * The `strata` command's launcher (package.json "bin"). It registers the SWC
 * require hook so that the user's TypeScript config, entities and migrations
 * load as they are, then runs the CLI: the TypeScript sources in a checkout
 * of this repository (through the same hook), the compiled dist/ in an
 * installed package (which ships no lib/cli/main.ts).
 */
const { existsSync } = require("node:fs");
const { join } = require("node:path");

let hookError;
try {
  require("./register-typescript.cjs");
} catch (error) {
  // Only TypeScript files need the hook; main() says what to install if one is loaded without it.
  hookError = error;
}

const source = join(__dirname, "main.ts");
const compiled = join(__dirname, "..", "..", "dist", "lib", "cli", "main.js");
const fromSource = existsSync(source);
if (fromSource && hookError) {
  console.error(`error: running strata from its TypeScript sources needs @swc/core: ${hookError.message}`);
  process.exit(1);
}
if (!fromSource && !existsSync(compiled)) {
  console.error(`error: strata is not built: ${compiled} is missing. Run "npm run build" in ${join(__dirname, "..", "..")}.`);
  process.exit(1);
}

require(fromSource ? source : compiled)
  .main(process.argv.slice(2))
  .then((code) => {
    // Exit only once both streams have flushed, so piped output is never cut short.
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  });
