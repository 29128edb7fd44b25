/**
 * The layer check (`npm run lint`): imports may only point down the stack of
 * ARCHITECTURE.md. Every rule has a name that says what it forbids, so a
 * failure reads as the design rule that was broken.
 *
 * Parsing uses SWC (@swc/core is already a dev dependency): dependency-cruiser
 * 17 reads TypeScript through the compiler's JS API, which TypeScript 7 no
 * longer ships. SWC keeps `import type` statements, so type-only imports are
 * checked like any other.
 */

/** lib/ layers, bottom to top. A layer may import the ones before it, never the ones after. */
const LAYERS = ["errors", "sql", "metadata", "dialects", "engine", "schema", "orm", "serialization", "nestjs", "cli"];

/**
 * Import cycles that exist only through `import type` (recursive types such as the SQL tree's
 * nodes, a column and its config). They vanish at compile time, so they are not runtime cycles;
 * but under `parser: "swc"` dependency-cruiser 17 cannot tell type-only imports from the rest
 * (sverweij/dependency-cruiser#1082), so each one is listed here. Any cycle not listed fails.
 * Before adding one, check that at least one of its imports is `import type`.
 */
const TYPE_ONLY_CYCLES = [
  ["lib/sql/column.ts", "lib/sql/column-builder.ts"],
  ["lib/sql/sql-template.ts", "lib/sql/table.ts", "lib/sql/column-builder.ts"],
  ["lib/sql/table.ts", "lib/sql/column.ts", "lib/sql/column-builder.ts", "lib/sql/sql-template.ts"],
  ["lib/sql/nodes/statement-nodes.ts", "lib/sql/nodes/expression-nodes.ts"],
  ["lib/sql/nodes/expression-nodes.ts", "lib/sql/nodes/statement-nodes.ts", "lib/sql/nodes/schema-nodes.ts"],
];

/**
 * lib/orm's folders, bottom to top: each may import the folders of lower ranks (and lib/orm's own root files import
 * them all), never one of its own rank or above. So there are no folder loops: mapping (what is derived per entity:
 * hydrators, prototypes, layouts) knows nothing of sessions; flush and query both build on the unit of work and
 * never on each other; the session ties them together.
 */
const ORM_FOLDERS = [["mapping"], ["unit-of-work"], ["flush", "query"], ["session"]];

const ormFolderRules = ORM_FOLDERS.map((rank, index) => ({
  name: `orm-${rank.join("-and-")}-not-to-higher-folders`,
  comment: `lib/orm/${rank.join(" and lib/orm/")} may import only ${
    index === 0
      ? "no other lib/orm folder"
      : ORM_FOLDERS.slice(0, index)
          .flat()
          .map((f) => `lib/orm/${f}`)
          .join(", ")
  }.`,
  severity: "error",
  from: { path: `^lib/orm/(${rank.join("|")})/` },
  to: {
    path: `^lib/orm/`,
    pathNot: `^lib/orm/(${[...ORM_FOLDERS.slice(0, index).flat(), "$1"].join("|")})/`,
  },
}));

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer}-not-to-higher-layers`,
  comment: `lib/${layer} sits below ${LAYERS.slice(index + 1).join(", ")}; it must not import them.`,
  severity: "error",
  from: { path: `^lib/${layer}/` },
  to: { path: `^lib/(${LAYERS.slice(index + 1).join("|")})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Library code has no import cycles (entity models in tests and samples may reference each other).",
      severity: "error",
      from: { path: "^(lib|decorators|migrations)/" },
      to: { circular: true },
    },
    {
      name: "errors-import-nothing-of-ours",
      comment: "lib/errors is the bottom of the stack: it imports no other module of this package.",
      severity: "error",
      from: { path: "^lib/errors/" },
      to: { path: "^(lib|decorators|migrations|test|bench|samples)/", pathNot: "^lib/errors/" },
    },
    {
      name: "no-unresolvable-imports",
      comment: "Every import of library code resolves; otherwise the layer rules below could not see where it points.",
      severity: "error",
      from: { path: "^(lib|decorators|migrations)/" },
      to: { couldNotResolve: true },
    },
    ...layerRules,
    ...ormFolderRules,
    {
      name: "dialects-not-to-metadata",
      comment: "Dialects compile and run the SQL tree; they know nothing of entities (lib/metadata).",
      severity: "error",
      from: { path: "^lib/dialects/" },
      to: { path: "^lib/metadata/" },
    },
    {
      name: "layers-not-to-package-barrel",
      comment: "lib/index.ts re-exports every layer; a layer importing it imports the layers above it too. Import the layer you need.",
      severity: "error",
      from: { path: "^lib/[^/]+/" },
      to: { path: "^lib/[^/]+$" },
    },
    {
      name: "layers-not-to-decorators",
      comment: "Decorators only write metadata; library layers read it through lib/metadata, never from decorators/.",
      severity: "error",
      from: { path: "^lib/[^/]+/" },
      to: { path: "^decorators/" },
    },
    {
      name: "decorators-only-to-metadata-sql-errors",
      comment: "decorators/ may import lib/metadata, lib/sql and lib/errors, nothing else of ours.",
      severity: "error",
      from: { path: "^decorators/" },
      to: { path: "^(lib|migrations|test|bench|samples)/", pathNot: "^lib/(metadata|sql|errors)/" },
    },
    {
      name: "migrations-not-to-cli-or-nestjs",
      comment: "The migration engine is used by the CLI and the NestJS module, not the other way round.",
      severity: "error",
      from: { path: "^migrations/" },
      to: { path: "^lib/(cli|nestjs)/" },
    },
    {
      name: "lib-below-cli-not-to-migrations",
      comment: "The migration engine (migrations/) sits above lib/schema and uses it; only lib/cli and lib/nestjs may use the engine.",
      severity: "error",
      from: { path: "^lib/(errors|sql|metadata|dialects|engine|schema|orm|serialization)/" },
      to: { path: "^migrations/" },
    },
    {
      name: "migrations-only-to-core-layers",
      comment: "Migrations change schemas through Core (engine, schema, sql, dialects, errors): no ORM sessions, no package barrel.",
      severity: "error",
      from: { path: "^migrations/" },
      to: { path: "^lib/", pathNot: "^lib/(errors|sql|dialects|engine|schema)/" },
    },
    {
      name: "lib-not-to-tests-bench-samples",
      comment: "Shipped code never imports tests, benchmarks or samples.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(test|bench|samples)/" },
    },
  ],
  options: {
    knownViolations: TYPE_ONLY_CYCLES.map((modules) => ({
      type: "cycle",
      from: modules.at(-1),
      to: modules[0],
      rule: { name: "no-circular", severity: "error" },
      cycle: modules.map((name) => ({ name, dependencyTypes: ["local", "import"] })),
    })),
    // npm run lint cruises the shipped code (lib, decorators, migrations) and bench; imports from there into
    // test/ or samples/ are still seen. Tests and samples are not cruised: they use `await using`, which
    // dependency-cruiser's SWC visitor cannot read ("Unknown statement type: UsingDeclaration").
    exclude: { path: "^(node_modules|dist|coverage|\\.data|\\.git)/" },
    doNotFollow: { path: "node_modules" },
    parser: "swc",
    // tsconfig.json supplies module resolution settings (e.g. paths, should we add any). Our relative
    // imports have no extension (`./column` is column.ts): the extensions below resolve them like tsc,
    // without the TypeScript compiler API that TypeScript 7 no longer ships.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".cts", ".mts", ".d.ts", ".js", ".cjs", ".mjs", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    moduleSystems: ["es6", "cjs"],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
