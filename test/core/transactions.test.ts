import {
  ConfigError,
  type Connection,
  count,
  defineTable,
  del,
  type Engine,
  type IsolationLevel,
  insert,
  integer,
  select,
  sql,
  UniqueViolationError,
  UsageError,
  varchar,
} from "../../lib";
import { expectStrataError } from "../support/assertions";
import { describeEachDialect } from "../support/test-database";

const ledger = defineTable("ledger", {
  id: integer().primaryKey(),
  label: varchar(30).notNull().unique(),
});

const ISOLATION_LEVELS: IsolationLevel[] = ["read uncommitted", "read committed", "repeatable read", "serializable"];

/** Let other promises run for a few turns of the event loop (no timers: nothing here depends on time). */
async function yieldTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describeEachDialect("transactions", (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = db.engine({ pool: { max: 4 } });
    await engine.createAll([ledger]);
  });

  beforeEach(async () => {
    await engine.execute(del(ledger));
  });

  function add(conn: Connection, label: string) {
    return conn.execute(insert(ledger).values({ label }));
  }

  async function labels(): Promise<string[]> {
    const rows = (await engine.execute(select(ledger.c.label).orderBy(ledger.c.label))).all();
    return rows.map((r) => r.label);
  }

  /** The transaction-control statements the dialect writes, in the order run (as the recording engine saw them). */
  const control = (statements: { sql: string }[]) => statements.map((s) => s.sql).filter((s) => !/^(INSERT|SELECT)/.test(s));

  describe("conn.transaction", () => {
    it("commits when the callback resolves and returns its value", async () => {
      const value = await engine.connect((conn) =>
        conn.transaction(async (tx) => {
          expect(tx.inTransaction).toBe(true);
          await add(tx, "a");
          await add(tx, "b");
          return "done";
        }),
      );
      expect(value).toBe("done");
      expect(await labels()).toEqual(["a", "b"]);
    });

    it("rolls back when the callback throws, and rethrows the same error", async () => {
      const boom = new Error("boom");
      const outcome = engine.connect((conn) =>
        conn.transaction(async (tx) => {
          await add(tx, "a");
          throw boom;
        }),
      );
      await expect(outcome).rejects.toBe(boom);
      expect(await labels()).toEqual([]);
    });

    it("rolls back everything when a statement fails, and the connection is usable afterwards", async () => {
      await engine.connect(async (conn) => {
        await expectStrataError(
          conn.transaction(async (tx) => {
            await add(tx, "a");
            await add(tx, "a");
          }),
          UniqueViolationError,
          "UNIQUE_VIOLATION",
        );
        expect(conn.inTransaction).toBe(false);
        await add(conn, "after");
      });
      expect(await labels()).toEqual(["after"]);
    });

    it("writes BEGIN, COMMIT and ROLLBACK as the dialect spells them", async () => {
      const { engine: recording, statements } = db.recordingEngine();
      await recording.begin((tx) => add(tx, "c1"));
      await recording
        .begin(async () => {
          throw new Error("undo");
        })
        .catch(() => undefined);
      const begin = { sqlite: "BEGIN IMMEDIATE", postgres: "BEGIN", mysql: "START TRANSACTION" }[db.dialect];
      expect(control(statements)).toEqual([begin, "COMMIT", begin, "ROLLBACK"]);
      expect(await labels()).toEqual(["c1"]);
    });
  });

  describe("nested transactions (savepoints)", () => {
    it("keeps the outer work when an inner transaction fails", async () => {
      const { engine: recording, statements } = db.recordingEngine();
      const inner = new Error("inner failed");
      await recording.begin(async (tx) => {
        await add(tx, "outer-before");
        await expect(
          tx.transaction(async (nested) => {
            expect(nested.inTransaction).toBe(true);
            await add(nested, "inner");
            throw inner;
          }),
        ).rejects.toBe(inner);
        await add(tx, "outer-after");
      });
      expect(await labels()).toEqual(["outer-after", "outer-before"]);
      const q = (name: string) => (db.dialect === "mysql" ? `\`${name}\`` : `"${name}"`);
      const begin = { sqlite: "BEGIN IMMEDIATE", postgres: "BEGIN", mysql: "START TRANSACTION" }[db.dialect];
      expect(control(statements)).toEqual([
        begin,
        `SAVEPOINT ${q("strata_sp_1")}`,
        `ROLLBACK TO SAVEPOINT ${q("strata_sp_1")}`,
        `RELEASE SAVEPOINT ${q("strata_sp_1")}`,
        "COMMIT",
      ]);
    });

    it("keeps the outer transaction usable after a database error inside a savepoint", async () => {
      await engine.begin(async (tx) => {
        await add(tx, "dup");
        await expectStrataError(
          tx.transaction((nested) => add(nested, "dup")),
          UniqueViolationError,
          "UNIQUE_VIOLATION",
        );
        await add(tx, "later");
      });
      expect(await labels()).toEqual(["dup", "later"]);
    });

    it("commits inner work with the outer transaction, and rolls it back with it", async () => {
      await engine.begin(async (tx) => {
        await add(tx, "o1");
        await tx.transaction((nested) => add(nested, "i1"));
      });
      expect(await labels()).toEqual(["i1", "o1"]);

      await engine
        .begin(async (tx) => {
          await add(tx, "o2");
          await tx.transaction((nested) => add(nested, "i2"));
          throw new Error("outer failed after the inner one succeeded");
        })
        .catch(() => undefined);
      expect(await labels()).toEqual(["i1", "o1"]);
    });

    it("nests several levels; a failure undoes only its own level", async () => {
      await engine.begin(async (tx) => {
        await add(tx, "level1");
        await tx.transaction(async (t2) => {
          await add(t2, "level2");
          await t2
            .transaction(async (t3) => {
              await add(t3, "level3");
              throw new Error("level 3 fails");
            })
            .catch(() => undefined);
          await add(t2, "level2-after");
        });
      });
      expect(await labels()).toEqual(["level1", "level2", "level2-after"]);
    });

    it("refuses to begin a transaction while another on the same connection is starting", async () => {
      await engine.connect(async (conn) => {
        const first = conn.transaction((tx) => add(tx, "first"));
        await expectStrataError(
          conn.transaction((tx) => add(tx, "second")),
          UsageError,
          "USAGE_ERROR",
          "already starting",
          "await it",
        );
        await first;
      });
      expect(await labels()).toEqual(["first"]);
    });
  });

  describe("engine.begin and isolation", () => {
    it("engine.begin commits on success and rolls back on a throw", async () => {
      expect(await engine.begin(async (tx) => (await add(tx, "kept")).rowCount)).toBe(1);
      await expect(
        engine.begin(async (tx) => {
          await add(tx, "dropped");
          throw new Error("no");
        }),
      ).rejects.toThrow("no");
      expect(await labels()).toEqual(["kept"]);
    });

    it.each(ISOLATION_LEVELS)("accepts isolation %p and begins the transaction at that level", async (isolation) => {
      const { engine: recording, statements } = db.recordingEngine();
      const label = isolation.replace(/ /g, "-");
      const reported = await recording.begin(
        async (tx) => {
          await add(tx, label);
          return reportedIsolation(tx);
        },
        { isolation },
      );
      const upper = isolation.toUpperCase();
      // SQLite transactions are always serializable, so any level asked for is met.
      const begin = {
        sqlite: ["BEGIN IMMEDIATE"],
        postgres: [`BEGIN ISOLATION LEVEL ${upper}`],
        mysql: [`SET TRANSACTION ISOLATION LEVEL ${upper}`, "START TRANSACTION"],
      }[db.dialect];
      expect(control(statements)).toEqual([...begin, "COMMIT"]);
      if (reported !== undefined) expect(reported).toBe(isolation);
      expect(await labels()).toEqual([label]);
    });

    it("rejects an unknown isolation level before beginning, listing the valid ones", async () => {
      const { engine: recording, statements } = db.recordingEngine();
      await expectStrataError(
        recording.begin((tx) => add(tx, "never"), { isolation: "snapshot; DROP TABLE ledger" as IsolationLevel }),
        ConfigError,
        "CONFIG_ERROR",
        'Unknown transaction isolation level "snapshot; DROP TABLE ledger"',
        "read uncommitted, read committed, repeatable read, serializable",
      );
      expect(statements).toEqual([]);
      expect(await labels()).toEqual([]);
    });
  });

  /**
   * The isolation level of the open transaction as the database reports it,
   * where it can: PostgreSQL does; MySQL/MariaDB show only the session's
   * default (information_schema.innodb_trx is a cache that lags); SQLite has
   * one level. The behaviour test below covers the server databases.
   */
  async function reportedIsolation(tx: Connection): Promise<string | undefined> {
    if (db.dialect !== "postgres") return undefined;
    return String((await tx.execute(sql`SELECT current_setting('transaction_isolation') AS level`)).scalar());
  }

  describe("concurrency", () => {
    it("completes many concurrent transactions, each one whole", async () => {
      const labelsWritten = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, "0")}`);
      await Promise.all(
        labelsWritten.map((label) =>
          engine.begin(async (tx) => {
            await add(tx, `${label}-a`);
            await yieldTurns(2);
            await add(tx, `${label}-b`);
          }),
        ),
      );
      expect(await labels()).toEqual(labelsWritten.flatMap((l) => [`${l}-a`, `${l}-b`]));
    });

    // SQLite runs on exactly one connection by design (see SqliteDriver), so its transactions queue;
    // the server databases hand out pooled connections that work side by side. The two behaviours
    // need different tests, and no capability flag tells them apart, so this branches on the dialect.
    if (db.dialect === "sqlite") {
      it("SQLite: two concurrent engine.connect transactions never interleave, and both complete", async () => {
        const events: string[] = [];
        const work = (name: string) =>
          engine.connect((conn) =>
            conn.transaction(async (tx) => {
              events.push(`${name}:begin`);
              await add(tx, `${name}1`);
              await yieldTurns();
              await add(tx, `${name}2`);
              events.push(`${name}:end`);
            }),
          );
        await Promise.all([work("a"), work("b")]);
        expect(events).toEqual(["a:begin", "a:end", "b:begin", "b:end"]);
        expect(await labels()).toEqual(["a1", "a2", "b1", "b2"]);
      });
    } else {
      it("pooled connections work side by side: one does not see another's uncommitted rows", async () => {
        let signalInserted!: () => void;
        let signalChecked!: () => void;
        const inserted = new Promise<void>((resolve) => {
          signalInserted = resolve;
        });
        const checked = new Promise<void>((resolve) => {
          signalChecked = resolve;
        });
        const writer = engine.begin(async (tx) => {
          await add(tx, "uncommitted");
          signalInserted();
          await checked;
        });
        const reader = (async () => {
          await inserted;
          const seen = (await engine.execute(select(count()).from(ledger))).scalar();
          signalChecked();
          return seen;
        })();
        const [, seenWhileOpen] = await Promise.all([writer, reader]);
        expect(seenWhileOpen).toBe(0);
        expect(await labels()).toEqual(["uncommitted"]);
      });

      it.each([
        ["read committed", [0, 1]],
        ["repeatable read", [0, 0]],
      ] as const)("isolation %p decides whether a transaction sees rows committed while it runs", async (isolation, expected) => {
        const seen = await engine.begin(
          async (tx) => {
            const before = (await tx.execute(select(count()).from(ledger))).scalar();
            await engine.execute(insert(ledger).values({ label: "committed meanwhile" }));
            const after = (await tx.execute(select(count()).from(ledger))).scalar();
            return [before, after];
          },
          { isolation },
        );
        expect(seen).toEqual(expected);
        expect(await labels()).toEqual(["committed meanwhile"]);
      });
    }
  });

  describe("use after the end", () => {
    it("rejects a connection used after its engine.connect() callback ended", async () => {
      let leaked: Connection | undefined;
      await engine.connect(async (conn) => {
        leaked = conn;
      });
      const conn = leaked as Connection;
      await expectStrataError(
        conn.execute(select(count()).from(ledger)),
        UsageError,
        "USAGE_ERROR",
        "released",
        "inside its engine.connect() callback",
      );
      await expectStrataError(
        conn.transaction((tx) => add(tx, "late")),
        UsageError,
        "USAGE_ERROR",
        "released",
      );
      expect(await labels()).toEqual([]);
    });

    it("rejects a disposed engine, saying to create a new one", async () => {
      const disposable = db.engine();
      expect((await disposable.execute(select(count()).from(ledger))).scalar()).toBe(0);
      await disposable.dispose();
      await disposable.dispose();
      await expectStrataError(disposable.execute(select(count()).from(ledger)), UsageError, "USAGE_ERROR", "disposed", "create a new one");
      await expectStrataError(
        disposable.connect(async () => "x"),
        UsageError,
        "USAGE_ERROR",
        "disposed",
      );
      await expectStrataError(
        disposable.begin(async () => "x"),
        UsageError,
        "USAGE_ERROR",
        "disposed",
      );
      await expectStrataError(disposable.createAll([ledger]), UsageError, "USAGE_ERROR", "disposed");
      expect((await engine.execute(select(count()).from(ledger))).scalar()).toBe(0);
    });
  });
});
