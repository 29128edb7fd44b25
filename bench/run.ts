/**
 * Runs the benchmarks: all of them, or those named on the command line.
 *
 *   npm run bench
 *   npm run bench -- hydration
 *   npm run bench -- core-select --dialects=sqlite,postgres --iterations=300 --warmup=30
 *   npm run bench -- --dialects=sqlite,sqlite3     (SQLite through better-sqlite3, then through sqlite3)
 *
 * Server URLs come from STRATA_BENCH_POSTGRES_URL and STRATA_BENCH_MYSQL_URL
 * (defaults: the local services). A server that does not answer is skipped
 * with a warning. Benchmarks never run under jest: they are not *.test.ts files.
 */
import mysql from "mysql2/promise";
import { Client } from "pg";
import { coreSelect } from "./core-select.bench";
import { hydration } from "./hydration.bench";
import { sessionRead } from "./session-read.bench";
import { sessionDelete, sessionInsert, sessionUpdate } from "./session-write.bench";
import { type Benchmark, formatResult } from "./support/benchmark";
import { ALL_BENCH_DIALECTS, BENCH_SERVER_URLS, type BenchDialect } from "./support/databases";
import type { MeasureOptions } from "./support/measure";

/** Every benchmark, in the order they run. Add new ones here. */
const BENCHMARKS: readonly Benchmark[] = [coreSelect, hydration, sessionInsert, sessionUpdate, sessionDelete, sessionRead];

interface Cli {
  readonly names: string[];
  readonly dialects: BenchDialect[];
  readonly options: MeasureOptions;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} takes a non-negative integer, got "${value}".`);
  return n;
}

function parseArgs(argv: readonly string[]): Cli {
  const names: string[] = [];
  let dialects = (process.env.STRATA_BENCH_DIALECTS?.split(",") ?? [...ALL_BENCH_DIALECTS]) as BenchDialect[];
  let iterations = Number(process.env.STRATA_BENCH_ITERATIONS ?? 200);
  let warmup = Number(process.env.STRATA_BENCH_WARMUP ?? 20);
  for (const arg of argv) {
    const [flag, value = ""] = arg.split("=", 2);
    if (flag === "--dialects") dialects = value.split(",") as BenchDialect[];
    else if (flag === "--iterations") iterations = positiveInt(flag, value);
    else if (flag === "--warmup") warmup = positiveInt(flag, value);
    else if (flag === "--list") {
      for (const b of BENCHMARKS) console.log(`${b.name.padEnd(20)} ${b.description}`);
      process.exit(0);
    } else if (arg.startsWith("--")) throw new Error(`Unknown option ${arg}. Options: --dialects=a,b --iterations=N --warmup=N --list`);
    else names.push(arg);
  }
  const unknownDialects = dialects.filter((d) => !ALL_BENCH_DIALECTS.includes(d));
  if (unknownDialects.length) throw new Error(`Unknown dialects ${unknownDialects.join(", ")}; use ${ALL_BENCH_DIALECTS.join(", ")}.`);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) throw new Error(`Unknown benchmarks ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}.`);
  return { names, dialects, options: { iterations, warmup } };
}

async function reachable(dialect: BenchDialect): Promise<boolean> {
  try {
    if (dialect === "postgres") {
      const client = new Client({ connectionString: BENCH_SERVER_URLS.postgres, connectionTimeoutMillis: 3000 });
      await client.connect();
      await client.end();
    } else if (dialect === "mysql") {
      const conn = await mysql.createConnection({ uri: BENCH_SERVER_URLS.mysql, connectTimeout: 3000 });
      await conn.end();
    }
    return true;
  } catch (error) {
    console.warn(
      `!!! skipping ${dialect}: ${BENCH_SERVER_URLS[dialect as "postgres" | "mysql"]} is not reachable (${(error as Error).message})`,
    );
    return false;
  }
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const dialects: BenchDialect[] = [];
  for (const d of cli.dialects) if (await reachable(d)) dialects.push(d);
  const selected = cli.names.length ? BENCHMARKS.filter((b) => cli.names.includes(b.name)) : BENCHMARKS;
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; dialects: ${dialects.join(", ")}\n`);
  for (const benchmark of selected) {
    const result = await benchmark.run({ dialects, options: cli.options });
    console.log(`${formatResult(benchmark, cli.options, result)}\n`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
