import { relative } from "node:path";

/** One ```ts block of a Markdown file, as the README examples check sees it. */
export interface CodeBlock {
  /** 1-based line of the opening fence in the Markdown file. */
  readonly line: number;
  /** The nearest heading above the block, to name it in test titles. */
  readonly section: string;
  /** Whether the fence says ```ts runnable: the block is also executed, and must exit 0. */
  readonly runnable: boolean;
  /** The file it is written to: its `// name.ts` first line, else block-<line>.ts. */
  readonly fileName: string;
  /** Whether the block is a named file (a module other blocks import) rather than a script. */
  readonly isFile: boolean;
  readonly code: string;
}

const FENCE = /^```(\S*)\s*(.*)$/;
const FILE_NAME = /^\/\/ ([\w.-]+\.ts)\s*$/;

/** Every ```ts (or ```typescript) block of a Markdown text, in order. */
export function extractTsBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let section = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const fence = FENCE.exec(lines[i]);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
    if (fence[1] !== "ts" && fence[1] !== "typescript") continue;
    const named = FILE_NAME.exec(body[0] ?? "");
    blocks.push({
      line: start + 1,
      section,
      runnable: fence[2].split(/\s+/).includes("runnable"),
      fileName: named ? named[1] : `block-${start + 1}.ts`,
      isFile: named !== null,
      code: body.join("\n"),
    });
  }
  return blocks;
}

/** "README.md:120 (Sessions)": how tests and messages name a block. */
export function describeBlock(block: CodeBlock): string {
  return `README.md:${block.line} ${block.isFile ? block.fileName : ""} (${block.section})`.replace("  ", " ");
}

/** Point the package's imports at this repository's sources, as `strata-orm` resolves once installed. */
function rewriteImports(code: string, fromDir: string, libDir: string): string {
  const lib = relative(fromDir, libDir).split("\\").join("/");
  return code.replace(/from "strata-orm(\/[\w-]+)?"/g, (_, subpath: string | undefined) => {
    if (subpath === undefined) return `from "${lib}"`;
    if (subpath === "/cli") return `from "${lib}/cli"`;
    // package.json's "./migrations" export: the migration engine beside lib/.
    if (subpath === "/migrations") return `from "${lib}/../migrations"`;
    throw new Error(`README imports "strata-orm${subpath}", which the examples check does not know how to resolve.`);
  });
}

const isImportStart = (line: string) => /^import\s/.test(line);

/**
 * The module a block is written as. A named file is written as it is. A
 * script keeps its imports at the top and the rest goes inside an async
 * main(), so that top-level `await` works in a CommonJS module; lines keep
 * their numbers, so a compiler error points at the same line in the README.
 */
export function toModule(block: CodeBlock, fromDir: string, libDir: string): string {
  const code = rewriteImports(block.code, fromDir, libDir);
  if (block.isFile) return code;
  const lines = code.split("\n");
  let inImport = false;
  let bodyStart = -1;
  lines.forEach((line, i) => {
    if (bodyStart >= 0) {
      if (isImportStart(line)) throw new Error(`${describeBlock(block)}: imports must come before any other statement.`);
      return;
    }
    if (inImport) inImport = !line.trimEnd().endsWith(";");
    else if (isImportStart(line)) inImport = !line.trimEnd().endsWith(";");
    else if (line.trim() !== "") bodyStart = i;
  });
  if (bodyStart < 0) return code;
  lines[bodyStart] = `async function main(): Promise<void> { ${lines[bodyStart]}`;
  return [
    ...lines,
    "}",
    // Node exits with status 0 when nothing is left to wait for, even if main() never settled: count that as a failure.
    "let settled = false;",
    "main().then(() => { settled = true; }, (error: unknown) => { settled = true; console.error(error); process.exitCode = 1; });",
    'process.on("exit", () => { if (!settled) { console.error("main() never settled"); process.exitCode = 1; } });',
    // A module, not a script: each block's main() and settled stay its own.
    "export {};",
    "",
  ].join("\n");
}
