/**
 * The one way Strata generates code: hydrators, fill code, property readers
 * and row factories are functions written as source once per shape, so that
 * the hot loops over 10k rows are plain property reads and writes with no
 * lookup or reflection per value. Every such function is made here: in
 * strict mode, from readable lines, with property names quoted by one rule,
 * named in stack traces, and with its source printed when it cannot compile.
 */

/** A name that can follow a dot. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names a dot or bracket access would not read or write as an ordinary own property. */
const SPECIAL = new Set(["__proto__"]);

/** The source of a function made by generateFunction, for debugging (`sourceOf(hydrator)`). */
const SOURCE = Symbol("strata.generatedSource");

export interface GeneratedCode {
  /** The function's name, in stack traces and in the source URL (`strata-generated/<name>.js`). */
  readonly name: string;
  /** Values the code refers to by name (decoders, prototypes, helpers). */
  readonly context?: Readonly<Record<string, unknown>>;
  /**
   * Lines of code that run once and return what was generated: a function,
   * or an object of functions (a hydrator and the constructor it uses, say).
   */
  readonly lines: readonly string[];
}

/** A property read as code: `o.title`, `o["first name"]`; `__proto__` only as an own property. */
export function readProperty(target: string, property: string): string {
  if (SPECIAL.has(property))
    return `(Object.hasOwn(${target}, ${JSON.stringify(property)}) ? Object.getOwnPropertyDescriptor(${target}, ${JSON.stringify(property)}).value : undefined)`;
  return IDENTIFIER.test(property) ? `${target}.${property}` : `${target}[${JSON.stringify(property)}]`;
}

/**
 * A property write as a statement: `o.title = v;`. A name that a plain
 * assignment would not store as an own property (`__proto__` would replace
 * the object's prototype) is defined instead.
 */
export function writeProperty(target: string, property: string, value: string): string {
  if (SPECIAL.has(property)) {
    return `Object.defineProperty(${target}, ${JSON.stringify(property)}, { value: ${value}, writable: true, enumerable: true, configurable: true });`;
  }
  return IDENTIFIER.test(property) ? `${target}.${property} = ${value};` : `${target}[${JSON.stringify(property)}] = ${value};`;
}

/** Whether `writeProperty` makes an ordinary assignment of this name (a plain object literal key may hold it too). */
export function isOrdinaryProperty(property: string): boolean {
  return !SPECIAL.has(property);
}

/** A string as a JavaScript literal. */
export function literal(value: string): string {
  return JSON.stringify(value);
}

/**
 * Compile generated code and run it once: what its lines return (a
 * function, or an object of functions). A compile error is rethrown with
 * the numbered source, so a bad generator shows what it wrote; each
 * function made keeps its source for sourceOf().
 */
export function generateFunction<F>(code: GeneratedCode): F {
  const names = Object.keys(code.context ?? {});
  const source = `"use strict";\n${indent(code.lines)}\n//# sourceURL=strata-generated/${code.name}.js`;
  let factory: (...values: unknown[]) => F;
  try {
    factory = new Function(...names, source) as typeof factory;
  } catch (error) {
    throw new Error(`Strata generated code that does not compile (${(error as Error).message}):\n${numbered(source)}`, { cause: error });
  }
  const made = factory(...names.map((n) => code.context?.[n]));
  const functions = typeof made === "function" ? [made] : Object.values(made as object).filter((v) => typeof v === "function");
  for (const fn of functions) Object.defineProperty(fn, SOURCE, { value: source });
  return made;
}

/** The source generateFunction compiled a function from; undefined for any other function. */
export function sourceOf(fn: unknown): string | undefined {
  return typeof fn === "function" ? (fn as { [SOURCE]?: string })[SOURCE] : undefined;
}

/** Lines indented by their braces, so the source reads as written code. */
function indent(lines: readonly string[]): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith("}")) depth = Math.max(0, depth - 1);
    out.push(`${"  ".repeat(depth)}${line}`);
    const opens = (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length + (line.startsWith("}") ? 1 : 0);
    depth = Math.max(0, depth + opens);
  }
  return out.join("\n");
}

function numbered(source: string): string {
  return source
    .split("\n")
    .map((line, i) => `${String(i + 1).padStart(4)} | ${line}`)
    .join("\n");
}
