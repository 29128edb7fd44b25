import { ConfigError } from "../../errors";

/**
 * Load an optional driver package, or say exactly which one to install.
 * Drivers are optional peer dependencies: an app installs only the ones it uses.
 */
export function loadDriver<T>(packageName: string, database: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    if (isMissing(error, packageName)) {
      throw new ConfigError(`The ${database} driver "${packageName}" is not installed. Run: npm install ${packageName}`, { cause: error });
    }
    throw new ConfigError(`The ${database} driver "${packageName}" failed to load: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether a package can be found from here (without loading it). */
export function isInstalled(packageName: string): boolean {
  try {
    require.resolve(packageName);
    return true;
  } catch (error) {
    if (isMissing(error, packageName)) return false;
    throw error;
  }
}

function isMissing(error: unknown, packageName: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${packageName}'`);
}
