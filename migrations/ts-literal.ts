import { MigrationFileError } from "../lib/errors";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_LINE = 120;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A value as TypeScript source on one line, however long. */
export function compact(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return `new Date(${JSON.stringify(value.toISOString())})`;
  if (Buffer.isBuffer(value)) return `Buffer.from(${JSON.stringify(value.toString("hex"))}, "hex")`;
  if (Array.isArray(value)) return `[${value.map(compact).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${key(k)}: ${compact(v)}`).join(", ")} }`;
  }
  throw new MigrationFileError(`Cannot write a ${typeof value} into a migration file.`);
}

/**
 * A value as TypeScript source that evaluates to an equal value: the plain
 * data of schema operations (strings, numbers, bigints, Dates, Buffers,
 * arrays, objects). Short values stay on one line; long ones break at each
 * object or array level, so generated migrations read like hand-written ones.
 */
export function tsLiteral(value: unknown, indent = ""): string {
  const oneLine = compact(value);
  if (indent.length + oneLine.length <= MAX_LINE || value === null || typeof value !== "object") return oneLine;
  if (value instanceof Date || Buffer.isBuffer(value)) return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},`).join("\n")}\n${indent}}`;
}
