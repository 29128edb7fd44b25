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

/** The number written by the ASCII digits text[from..to), or -1 if any is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The shape every database sends for Strata's sessions (they run in UTC):
 * `YYYY-MM-DD HH:MM:SS[.fff...]` with no offset, `Z` or `+00`. Read with char
 * codes, as result sets hold thousands of these; undefined for anything else
 * (other offsets, years outside 100-9999, BC), which takes the general path.
 */
function parseCommonUtcDateTime(text: string): Date | undefined {
  const length = text.length;
  if (length < 19) return undefined;
  const separator = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (separator !== 32 && separator !== 84)) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hours = digitsAt(text, 11, 13);
  const minutes = digitsAt(text, 14, 16);
  const seconds = digitsAt(text, 17, 19);
  // Date.UTC reads years 0-99 as 1900-1999.
  if (year < 100 || month < 0 || day < 0 || hours < 0 || minutes < 0 || seconds < 0) return undefined;
  let i = 19;
  let ms = 0;
  if (i < length && text.charCodeAt(i) === 46) {
    const start = ++i;
    for (; i < length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (i - start < 3) ms += d * (i === start ? 100 : i === start + 1 ? 10 : 1);
    }
    if (i === start) return undefined;
  }
  if (i < length) {
    const zone = text.slice(i);
    if (zone !== "Z" && zone !== "+00" && zone !== "+00:00" && zone !== "+0000") return undefined;
  }
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, ms));
}

/**
 * Parse a database date-time text as UTC (an explicit offset, when present, is
 * applied). Fractions below a millisecond are dropped, as a JS Date cannot hold them.
 */
export function parseUtcDateTime(text: string): Date {
  const common = parseCommonUtcDateTime(text);
  if (common !== undefined) return common;
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
