/**
 * Module hooks (node:module register) that let Node's ES-module loader run
 * TypeScript, registered by register-typescript.cjs:
 *
 *   node --import strata-orm/register app.ts     (ES-module and CommonJS projects)
 *
 * resolve: a relative `./user.js` that does not exist finds `./user.ts`
 * (.mjs -> .mts, .cjs -> .cts), as TypeScript's NodeNext resolution does, so
 * sources import each other by the names they will have once compiled.
 *
 * load: a .ts file of an ES-module package ("type": "module"), and any .mts,
 * is compiled by SWC to an ES module, with legacy decorators and their
 * design:type metadata (which esbuild and tsx do not emit). A .ts file of a
 * CommonJS package, and any .cts, goes to Node's CommonJS loader, where
 * register-typescript.cjs compiles it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TYPESCRIPT = /\.(ts|mts|cts)$/;
const JS_TO_TS = { ".js": ".ts", ".mjs": ".mts", ".cjs": ".cts", ".jsx": ".tsx" };

let swc;
function compiler() {
  swc ??= createRequire(import.meta.url)("@swc/core");
  return swc;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative =
      specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("file:") || specifier.startsWith("/");
    const ext = /\.[cm]?jsx?$/.exec(specifier)?.[0];
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !relative || !ext) throw error;
    try {
      return await nextResolve(specifier.slice(0, -ext.length) + JS_TO_TS[ext], context);
    } catch {
      throw error;
    }
  }
}

/** Whether the nearest package.json above a file says "type": "module". */
function inModulePackage(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, "utf8")).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !TYPESCRIPT.test(new URL(url).pathname)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const esm = file.endsWith(".mts") || (file.endsWith(".ts") && inModulePackage(file));
  // CommonJS: no source, so Node's CommonJS loader reads the file and register-typescript.cjs compiles it.
  if (!esm) return { format: "commonjs", shortCircuit: true };
  const { code } = compiler().transformSync(readFileSync(file, "utf8"), {
    filename: file,
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: "es2022",
      keepClassNames: true,
    },
    module: { type: "es6" },
    sourceMaps: "inline",
  });
  return { format: "module", source: code, shortCircuit: true };
}
