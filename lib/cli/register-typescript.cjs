"use strict";
/**
 * Lets Node load TypeScript files (entities, configs, migrations, samples)
 * without a compile step, with decorator metadata intact, in CommonJS and
 * ES-module projects alike:
 *
 *   node --import strata-orm/register app.ts
 *   node -r strata-orm/register app.ts
 *
 * require(): SWC compiles each .ts file to CommonJS as it is required.
 * import: module hooks (typescript-hooks.mjs) compile the .ts files of an
 * ES-module package ("type": "module") to ES modules.
 * Both resolve a relative `./user.js` that does not exist to `./user.ts`, as
 * TypeScript's NodeNext resolution does.
 */
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const { pathToFileURL } = require("node:url");

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

const JS_TO_TS = { ".js": ".ts", ".mjs": ".mts", ".cjs": ".cts", ".jsx": ".tsx" };
const registered = Symbol.for("strata-orm.register-typescript");

if (!Module[registered]) {
  Module[registered] = true;
  // NodeNext resolution for require(): "./user.js" that is not there is "./user.ts".
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveTypeScript(request, ...rest) {
    try {
      return resolveFilename.call(this, request, ...rest);
    } catch (error) {
      const ext = path.extname(request);
      const relative = request.startsWith("./") || request.startsWith("../") || path.isAbsolute(request);
      if (error?.code !== "MODULE_NOT_FOUND" || !relative || !JS_TO_TS[ext]) throw error;
      try {
        return resolveFilename.call(this, request.slice(0, -ext.length) + JS_TO_TS[ext], ...rest);
      } catch {
        throw error;
      }
    }
  };
  // The ES-module loader's hooks (Node 20.6+), for projects whose .ts files are ES modules.
  if (typeof Module.register === "function") {
    Module.register(pathToFileURL(path.join(__dirname, "typescript-hooks.mjs")).href);
  }
}
