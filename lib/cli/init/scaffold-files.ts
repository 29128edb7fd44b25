/**
 * The files `strata init` writes: a config, one example entity, an example
 * program, a migrations folder and a tsconfig.json that TypeScript (6 and
 * 7) and Strata's SWC hooks agree with. Imports between the project's files
 * use .js names, which NodeNext resolution maps to the .ts sources in
 * ES-module and CommonJS projects alike (and the register hook does too).
 */

/** Settings the decorators and `await using` need, with why; `strata init` names the ones an existing tsconfig.json lacks. */
export const REQUIRED_COMPILER_OPTIONS: Readonly<Record<string, { value: unknown; why: string }>> = {
  experimentalDecorators: { value: true, why: "Strata's decorators (@Table, @Column) are TypeScript's legacy decorators" },
  emitDecoratorMetadata: { value: true, why: "column types come from design:type metadata" },
  types: { value: ["node"], why: "TypeScript 7 includes no @types package unless listed" },
  lib: { value: ["ES2023", "ESNext.Disposable"], why: "`await using session = new Session(engine)` needs the Disposable types" },
};

export function tsconfigJson(): string {
  const options = {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: REQUIRED_COMPILER_OPTIONS.lib.value,
    types: REQUIRED_COMPILER_OPTIONS.types.value,
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    outDir: "dist",
  };
  return `${JSON.stringify({ compilerOptions: options, include: ["src", "migrations", "strata.config.ts"] }, null, 2)}\n`;
}

export function configSource(url: string): string {
  return `import type { StrataConfig } from "strata-orm/cli";

/** The \`strata\` command's settings. DATABASE_URL, when set, replaces url. */
export default {
  url: ${JSON.stringify(url)},
  entities: ["src/entities"],
  migrations: "migrations",
} satisfies StrataConfig;
`;
}

export const EXAMPLE_ENTITY = `import { Column, CreatedAt, PrimaryKey, Table } from "strata-orm";

/** An example entity: change it, or add others beside it in src/entities. */
@Table("tasks")
export class Task {
  @PrimaryKey() id!: number;
  @Column({ length: 200 }) title!: string;
  @Column({ default: false }) done!: boolean;
  @Column({ type: "timestamptz", nullable: true }) due!: Date | null;
  @CreatedAt() createdAt!: Date;
}
`;

export function exampleProgram(): string {
  return `import "reflect-metadata";
import { createEngine, Session } from "strata-orm";
import config from "../strata.config.js";
import { Task } from "./entities/task.js";

/** Run: node --import strata-orm/register src/main.ts (after npx strata schema:sync creates the table). */
async function main(): Promise<void> {
  const engine = createEngine(process.env.DATABASE_URL || config.url, { entities: [Task] });
  try {
    await using session = new Session(engine);
    const task = new Task();
    task.title = "Try Strata";
    task.due = new Date(Date.now() + 24 * 60 * 60 * 1000);
    session.add(task);
    await session.commit();
    const open = await session.query(Task).where({ done: false }).all();
    console.log(\`\${open.length} open task(s); the newest is #\${task.id}: \${task.title}\`);
  } finally {
    await engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}
