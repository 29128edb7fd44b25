import { InvalidValueError } from "../../errors";

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** `YYYY-MM-DD HH:MM:SS.sss`, in UTC: how Strata writes instants to databases whose types carry no zone. */
export function formatUtcDateTime(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const DATETIME_PATTERN =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/**
 * Parse a database date-time text as UTC (an explicit offset, when present, is
 * applied). Fractions below a millisecond are dropped, as a JS Date cannot hold them.
 */
export function parseUtcDateTime(text: string): Date {
  const m = DATETIME_PATTERN.exec(text);
  if (!m || m[13]) throw new InvalidValueError(`Cannot read ${JSON.stringify(text)} as a date-time.`);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), ms);
  if (m[9]) {
    const offsetMinutes = (Number(m[10]) * 60 + Number(m[11] ?? 0)) * (m[9] === "-" ? -1 : 1);
    const offsetMs = offsetMinutes * 60_000 + Number(m[12] ?? 0) * 1000 * (m[9] === "-" ? -1 : 1);
    return new Date(d.getTime() - offsetMs);
  }
  return d;
}
