/** One statement as echo reports it. */
export interface EchoEvent {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly durationMs: number;
  /** Rows returned or affected; undefined when the statement failed. */
  readonly rowCount?: number;
  readonly error?: Error;
}

export type EchoOption = boolean | ((event: EchoEvent) => void);

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

export function echoHandler(option: EchoOption | undefined): ((event: EchoEvent) => void) | undefined {
  if (typeof option === "function") return option;
  return option ? printEcho : undefined;
}
