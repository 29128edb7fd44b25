"use strict";
/**
 * Lets Node load TypeScript files (entities, configs, migrations, samples)
 * without a compile step, with decorator metadata intact: SWC compiles each
 * .ts file to CommonJS as it is required.
 *
 *   node -r strata-orm/register app.ts
 */
const fs = require("node:fs");
const Module = require("node:module");

let swc;
try {
  swc = require("@swc/core");
} catch (error) {
  throw new Error("Loading TypeScript files needs @swc/core. Run: npm install --save-dev @swc/core", { cause: error });
}

const options = {
  jsc: {
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: "es2022",
    keepClassNames: true,
  },
  module: { type: "commonjs", ignoreDynamic: true },
  sourceMaps: "inline",
};

function compile(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const { code } = swc.transformSync(source, { ...options, filename });
  module._compile(code, filename);
}

for (const ext of [".ts", ".mts", ".cts"]) {
  if (!Module._extensions[ext]) Module._extensions[ext] = compile;
}
