import { ConfigError } from "../../errors";

/** --lock-timeout in seconds, checked, as milliseconds. */
export function lockTimeoutMs(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new ConfigError(`--lock-timeout takes a number of seconds, got "${value}".`);
  return seconds * 1000;
}
