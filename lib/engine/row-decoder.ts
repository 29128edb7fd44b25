import type { CompiledQuery, Decoder, DriverResult, TypeCodec } from "../dialects";

export type RowFactory = (raw: readonly unknown[]) => Record<string, unknown>;

const decoderIds = new WeakMap<Decoder, number>();
let nextDecoderId = 1;

function decoderId(d: Decoder | undefined): number {
  if (!d) return 0;
  let id = decoderIds.get(d);
  if (id === undefined) {
    id = nextDecoderId++;
    decoderIds.set(d, id);
  }
  return id;
}

/** Generated row factories by shape (keys + decoders); queries of one shape share one. */
const factories = new Map<string, RowFactory>();
const MAX_FACTORIES = 1000;

/**
 * Build (or reuse) a function that turns one driver row (an array) into an
 * object. It is generated source, so reading a row is straight property
 * writes with no loop, lookup or reflection per value.
 */
function rowFactory(keys: readonly string[], decoders: readonly (Decoder | undefined)[]): RowFactory {
  const signature = `${keys.join("\u0000")}\u0001${decoders.map(decoderId).join(",")}`;
  const cached = factories.get(signature);
  if (cached) return cached;
  let factory: RowFactory;
  if (keys.includes("__proto__")) {
    // An object literal would set the prototype; define the property instead.
    factory = (raw) => {
      const row: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        const v = raw[i];
        Object.defineProperty(row, k, {
          value: v === null || !decoders[i] ? v : decoders[i]?.(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });
      return row;
    };
  } else {
    const fields = keys.map((k, i) => `${JSON.stringify(k)}: ${decoders[i] ? `r[${i}] === null ? null : d[${i}](r[${i}])` : `r[${i}]`}`);
    factory = new Function("d", `return function row(r) { return { ${fields.join(", ")} }; };`)(decoders) as RowFactory;
  }
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
