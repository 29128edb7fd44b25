import "reflect-metadata";
import { createEngine, Session } from "strata-orm";
import config from "../strata.config.js";
import { Author } from "./entities/author.js";
import { Book } from "./entities/book.js";

// An ES module: top-level await, import.meta, and imports by their .js names.
const engine = createEngine(process.env.DATABASE_URL || config.url, { entities: [Author, Book] });
try {
  await using session = new Session(engine);
  const author = Object.assign(new Author(), { name: "Ursula K. Le Guin", bio: null });
  const book = Object.assign(new Book(), {
    title: "The Dispossessed",
    price: "12.50",
    isbn: 9780060512750n,
    published: "1974-05-01",
    author,
  });
  session.addAll([author, book]);
  await session.commit();
  const [found] = await session.query(Book).where({ title: "The Dispossessed" }).load("author").all();
  console.log(
    `esm: ${found.title} by ${found.author.name}, ${found.price}, isbn ${found.isbn} (${typeof found.isbn}), driver ${engine.driverName}`,
  );
  console.log(`esm: running ${import.meta.url.endsWith("/src/main.ts") ? "src/main.ts" : import.meta.url}`);
} finally {
  await engine.dispose();
}
