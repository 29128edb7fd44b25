import { ConfigError } from "../errors";

/** One statement as echo reports it. */
export interface EchoEvent {
  readonly sql: string;
  /** The bound values, as the echo options let them through (none with `parameters: false`, redacted with `redact`). */
  readonly params: readonly unknown[];
  readonly durationMs: number;
  /** Rows returned or affected; undefined when the statement failed. */
  readonly rowCount?: number;
  readonly error?: Error;
}

/** Echo with a say over what is logged. */
export interface EchoOptions {
  /** Where events go; by default one line per statement on the console. */
  readonly log?: (event: EchoEvent) => void;
  /** Whether bound values are logged (default true). false logs the SQL alone: values may be personal data or secrets. */
  readonly parameters?: boolean;
  /** Replace each bound value before it is logged, e.g. `(value, i, sql) => (sql.includes("password") ? "***" : value)`. */
  readonly redact?: (value: unknown, index: number, sql: string) => unknown;
}

/** `true` logs to the console, a function receives every event, an object says what to log and where. */
export type EchoOption = boolean | ((event: EchoEvent) => void) | EchoOptions;

const NO_PARAMS: readonly unknown[] = Object.freeze([]);

function formatParam(value: unknown): string {
  if (typeof value === "string") return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
  if (typeof value === "bigint") return `${value}`;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  return String(value);
}

/** The default echo: one line per statement, like SQLAlchemy's echo=True. */
export function printEcho(event: EchoEvent): void {
  const params = event.params.length ? ` [${event.params.map(formatParam).join(", ")}]` : "";
  const outcome = event.error ? `failed: ${event.error.message}` : `${event.rowCount} row${event.rowCount === 1 ? "" : "s"}`;
  console.log(`[strata] ${event.sql}${params} -- ${outcome} in ${event.durationMs.toFixed(1)} ms`);
}

const ECHO_KEYS = ["log", "parameters", "redact"];

/** The function a connection hands each statement's event to, or undefined when echo is off. */
export function echoHandler(option: EchoOption | undefined): ((event: EchoEvent) => void) | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return printEcho;
  if (typeof option === "function") return option;
  if (typeof option !== "object" || option === null) {
    throw new ConfigError(`echo takes true, a function, or { log, parameters, redact }; got ${String(option)}.`);
  }
  const unknown = Object.keys(option).filter((k) => !ECHO_KEYS.includes(k));
  if (unknown.length)
    throw new ConfigError(`echo has no option ${unknown.map((k) => `"${k}"`).join(", ")}; its options are: ${ECHO_KEYS.join(", ")}.`);
  const log = option.log ?? printEcho;
  const { redact } = option;
  if (option.parameters === false) return (event) => log({ ...event, params: NO_PARAMS });
  if (redact) return (event) => log({ ...event, params: event.params.map((value, i) => redact(value, i, event.sql)) });
  return log;
}
