import { type Engine, Session, sql } from "../../lib";
import { Author } from "../fixtures/every-kind/author";
import { Book } from "../fixtures/every-kind/book";
import { Tag } from "../fixtures/every-kind/tag";
import { describeEachDialect } from "../support/test-database";

/**
 * Thousands of many-to-many rows added and removed in one flush: the
 * INSERTs are chunked under the parameter limit, and the DELETEs under
 * SQLite's expression depth (each removed pair is an OR term), and every
 * row is written or removed, read back by counting the join table.
 */
describeEachDialect("many join rows in one flush", (db) => {
  let engine: Engine;
  const PAIRS = 2_400;

  beforeAll(async () => {
    engine = db.engine({ entities: [Author, Book, Tag] });
    await engine.createAll();
  });

  const joinRows = async () => Number((await engine.execute(sql<{ n: number }>`SELECT count(*) AS n FROM book_tags`)).one().n);

  it("adds and removes 2,400 join rows in one flush each", async () => {
    const books = 24;
    const tagsPerBook = PAIRS / books;
    await engine.transaction(async (s) => {
      const author = Object.assign(new Author(), { name: "Many" });
      const tags = Array.from({ length: tagsPerBook }, (_, i) => Object.assign(new Tag(), { label: `t${i}`, books: [] }));
      for (let b = 0; b < books; b++) s.add(Object.assign(new Book(), { title: `b${b}`, author, tags: [...tags] }));
    });
    expect(await joinRows()).toBe(PAIRS);
    const session = new Session(engine);
    const loaded = await session.query(Book).load("tags").all();
    expect(loaded.reduce((n, b) => n + b.tags.length, 0)).toBe(PAIRS);
    for (const book of loaded) book.tags = [];
    await session.commit();
    await session.close();
    expect(await joinRows()).toBe(0);
  });
});
