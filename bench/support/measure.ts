import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** One contender in a comparison: the same work done one way (Strata, the raw driver, a peer ORM). */
export interface Side {
  readonly name: string;
  /** One iteration of the work; resolves with what a user would get (so nothing is optimised away). */
  run(): Promise<unknown>;
}

export interface MeasureOptions {
  /** Untimed runs of each side first, so the JIT, pools and statement caches are warm. */
  readonly warmup: number;
  /** Timed runs of each side. */
  readonly iterations: number;
}

export interface SideStats {
  readonly name: string;
  readonly iterations: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  readonly minMs: number;
}

/**
 * A full collection before every timed run, outside the timing: garbage one
 * side left behind is never collected on the other side's clock. `--expose-gc`
 * is switched on here so that `npm run bench` needs no extra node flags.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

function percentile(sorted: readonly number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function summarize(name: string, samples: readonly number[]): SideStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    iterations: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    minMs: sorted[0],
  };
}

/**
 * Time the sides interleaved: each round runs every side once, and the order
 * rotates from round to round (A B, B A, ...), so drift in machine load
 * (other processes, thermal, GC of earlier rounds) falls on every side alike.
 */
export async function measureInterleaved(sides: readonly Side[], options: MeasureOptions): Promise<SideStats[]> {
  for (let i = 0; i < options.warmup; i++) for (const side of sides) await side.run();
  const samples = sides.map(() => [] as number[]);
  for (let round = 0; round < options.iterations; round++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length;
      collectGarbage();
      const started = performance.now();
      await sides[index].run();
      samples[index].push(performance.now() - started);
    }
  }
  return sides.map((side, i) => summarize(side.name, samples[i]));
}

/** A plain-text table with right-aligned numeric columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
