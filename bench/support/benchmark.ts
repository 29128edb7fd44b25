import type { BenchDialect } from "./databases";
import { formatTable, type MeasureOptions, type SideStats } from "./measure";

export interface BenchContext {
  /** The databases to run on (unreachable servers already left out). */
  readonly dialects: readonly BenchDialect[];
  readonly options: MeasureOptions;
}

/** The sides measured on one database; the first side is the baseline the others are divided by. */
export interface DatabaseResult {
  readonly dialect: BenchDialect;
  readonly sides: readonly SideStats[];
}

export interface BenchResult {
  readonly databases: readonly DatabaseResult[];
}

/**
 * One workload, in its own `<name>.bench.ts` file, registered in bench/run.ts.
 * It sets up its own tables in a dedicated database per dialect, measures
 * its sides with measureInterleaved (baseline first) and drops what it made.
 */
export interface Benchmark {
  readonly name: string;
  /** One line: what is measured, e.g. "SELECT 10,000 rows of 6 columns". */
  readonly description: string;
  run(context: BenchContext): Promise<BenchResult>;
}

const ms = (value: number) => value.toFixed(2);

/** The result as a table: median and p95 per side, and each side's median over the baseline's. */
export function formatResult(benchmark: Benchmark, options: MeasureOptions, result: BenchResult): string {
  const rows: string[][] = [];
  for (const db of result.databases) {
    const baseline = db.sides[0];
    for (const side of db.sides) {
      const ratio = side === baseline ? "1.00x (baseline)" : `${(side.medianMs / baseline.medianMs).toFixed(2)}x`;
      rows.push([db.dialect, side.name, String(side.iterations), ms(side.medianMs), ms(side.p95Ms), ms(side.minMs), ratio]);
    }
  }
  return [
    `${benchmark.name}: ${benchmark.description}`,
    `Timed runs per side interleaved (order alternates), after up to ${options.warmup} warm-up runs each; full GC before every timed run.`,
    "",
    formatTable(["database", "side", "runs", "median ms", "p95 ms", "min ms", "median / baseline"], rows),
  ].join("\n");
}
