import { createEngine, type EchoEvent, type Engine } from "../engine";
import { ConfigError } from "../errors";
import { loadConfig } from "./config/load-config";
import type { ResolvedConfig } from "./config/strata-config";
import type { Output } from "./output";
import { targetLine } from "./target";

/** The options every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
}

/**
 * What a command works with: the output, the loaded config, and engines
 * opened on demand (commands that only write files never connect).
 * `close()` disposes every engine, so the process can exit.
 */
export class CliContext {
  private loaded?: ResolvedConfig;
  private readonly engines: Engine[] = [];

  constructor(
    readonly out: Output,
    private readonly options: GlobalOptions,
    private readonly cwd = process.cwd(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The config, loaded once; `loadEntities: false` (db:pull) leaves its entity paths unloaded. */
  async config(options: { loadEntities?: boolean } = {}): Promise<ResolvedConfig> {
    this.loaded ??= await loadConfig({ cwd: this.cwd, configFile: this.options.config, env: this.env, ...options });
    return this.loaded;
  }

  /**
   * An engine for the configured database and entities; `echo` sees every
   * statement it runs. Prints the target first (see targetLine): every
   * command that acts on a database says which one.
   */
  async engine(echo?: (event: EchoEvent) => void): Promise<Engine> {
    const config = await this.config();
    if (config.url === undefined) {
      throw new ConfigError(`No database URL: set "url" in ${config.file} or the DATABASE_URL environment variable.`);
    }
    const engine = createEngine(config.url, { entities: config.entities, echo, collation: config.collation, driver: config.driver });
    this.engines.push(engine);
    this.out.line(this.out.c.dim(targetLine(engine, config, this.cwd)));
    return engine;
  }

  /** The configured entities; commands that compare or draw them need at least one. */
  async requireEntities(): Promise<void> {
    const config = await this.config();
    if (config.entities.length === 0) {
      throw new ConfigError(
        `${config.file} lists no entities: add "entities" (entity classes, or paths of files or folders exporting them).`,
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.engines.splice(0).map((e) => e.dispose()));
  }
}
