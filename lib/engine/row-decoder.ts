import type { CompiledQuery, Decoder, DriverResult, TypeCodec } from "../dialects";
import { generateFunction, isOrdinaryProperty, literal, writeProperty } from "../util/code-generator";
import { objectId } from "../util/object-id";

export type RowFactory = (raw: readonly unknown[]) => Record<string, unknown>;

/** Generated row factories by shape (keys + decoders); queries of one shape share one. */
const factories = new Map<string, RowFactory>();
const MAX_FACTORIES = 1000;

/**
 * Build (or reuse) a function that turns one driver row (an array) into an
 * object. It is generated source, so reading a row is straight property
 * writes with no loop, lookup or reflection per value.
 */
function rowFactory(keys: readonly string[], decoders: readonly (Decoder | undefined)[]): RowFactory {
  const signature = `${keys.join("\u0000")}\u0001${decoders.map(objectId).join(",")}`;
  const cached = factories.get(signature);
  if (cached) return cached;
  const value = (i: number) => (decoders[i] ? `r[${i}] === null ? null : decoders[${i}](r[${i}])` : `r[${i}]`);
  // An object literal gives every row one layout. A key a literal cannot hold as an own property (__proto__ would set
  // the prototype) makes every key a write, in order, through the generator's one rule for property names.
  const body = keys.every(isOrdinaryProperty)
    ? ["const row = {", ...keys.map((k, i) => `${literal(k)}: ${value(i)},`), "};"]
    : ["const row = {};", ...keys.map((k, i) => writeProperty("row", k, value(i)))];
  const factory = generateFunction<RowFactory>({
    name: "row",
    context: { decoders },
    lines: ["return function row(r) {", ...body, "return row;", "};"],
  });
  if (factories.size >= MAX_FACTORIES) factories.delete(factories.keys().next().value as string);
  factories.set(signature, factory);
  return factory;
}

/** Decode a driver result into row objects, typed by the query's selection where it has one. */
export function decodeRows(
  result: DriverResult,
  query: CompiledQuery,
  codec: TypeCodec,
  exactIntegers: boolean,
): Record<string, unknown>[] {
  const rows = result.rows;
  if (rows.length === 0) return [];
  const selection = query.selection;
  const keys = selection ? selection.map((s) => s.key) : result.columns.map((c) => c.name);
  const decoders = keys.map((_, i) => codec.decoderFor(selection?.[i].type, result.columns[i] ?? { name: keys[i] }, exactIntegers));
  const make = rowFactory(keys, decoders);
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]);
  return out;
}
