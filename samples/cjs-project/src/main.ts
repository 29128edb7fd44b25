import "reflect-metadata";
import { createEngine, Session } from "strata-orm";
import config from "../strata.config.js";
import { Author } from "./entities/author.js";
import { Book } from "./entities/book.js";

// CommonJS: the same TypeScript, compiled to require() by the register hook.
async function main(): Promise<void> {
  const engine = createEngine(process.env.DATABASE_URL || config.url, { entities: [Author, Book] });
  try {
    await using session = new Session(engine);
    const author = Object.assign(new Author(), { name: "Octavia E. Butler", bio: "Kindred, the Parable books" });
    const book = Object.assign(new Book(), { title: "Kindred", price: "9.99", isbn: 9780807083697n, published: null, author });
    session.addAll([author, book]);
    await session.commit();
    const [found] = await session.query(Book).where({ title: "Kindred" }).load("author").all();
    console.log(
      `cjs: ${found.title} by ${found.author.name}, ${found.price}, isbn ${found.isbn} (${typeof found.isbn}), driver ${engine.driverName}`,
    );
    console.log(`cjs: module is ${typeof module === "object" ? "CommonJS" : "unknown"}`);
  } finally {
    await engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
