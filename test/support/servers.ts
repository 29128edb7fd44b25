/**
 * Where the test databases live. Defaults are the local services; each can
 * be overridden by env (admin URLs: a database the tests may create others from).
 */
export type TestDialect = "sqlite" | "postgres" | "mysql";

export const ALL_DIALECTS: readonly TestDialect[] = ["sqlite", "postgres", "mysql"];

export const SERVER_URLS = {
  postgres: process.env.STRATA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  mysql: process.env.STRATA_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

export const START_HINTS = {
  postgres: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  mysql: "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
} as const;

/** The dialects this run covers: STRATA_TEST_DIALECTS=sqlite,postgres narrows it. */
export function selectedDialects(): TestDialect[] {
  const wanted = process.env.STRATA_TEST_DIALECTS;
  if (!wanted) return [...ALL_DIALECTS];
  const names = wanted
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !ALL_DIALECTS.includes(n as TestDialect));
  if (unknown.length) throw new Error(`STRATA_TEST_DIALECTS has unknown names: ${unknown.join(", ")} (use ${ALL_DIALECTS.join(", ")}).`);
  return names as TestDialect[];
}

/** Dialects the global setup found unreachable (outside CI only; in CI that fails the run). */
export function unavailableDialects(): Set<string> {
  return new Set((process.env.STRATA_TEST_UNAVAILABLE ?? "").split(",").filter(Boolean));
}
