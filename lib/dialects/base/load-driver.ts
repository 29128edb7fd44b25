import { ConfigError } from "../../errors";

/**
 * Load an optional driver package, or say exactly which one to install.
 * Drivers are optional peer dependencies: an app installs only the ones it uses.
 */
export function loadDriver<T>(packageName: string, database: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${packageName}'`)) {
      throw new ConfigError(`The ${database} driver "${packageName}" is not installed. Run: npm install ${packageName}`, { cause: error });
    }
    throw new ConfigError(`The ${database} driver "${packageName}" failed to load: ${(error as Error).message}`, { cause: error });
  }
}
