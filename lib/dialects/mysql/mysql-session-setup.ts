/**
 * What every MySQL/MariaDB connection runs first. It starts in UTC and in
 * strict mode, so values are neither shifted nor silently truncated;
 * NO_BACKSLASH_ESCAPES makes string literals mean the same as on the other
 * databases; NO_AUTO_VALUE_ON_ZERO stores an explicit 0 in an AUTO_INCREMENT
 * key as 0 (by default MySQL treats 0 like NULL and generates the next id,
 * while the application, and the session's identity map, hold 0), as
 * PostgreSQL and SQLite do. Only NULL or a left-out key is generated.
 */
export const SESSION_SETUP =
  "SET time_zone = '+00:00', SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES,NO_AUTO_VALUE_ON_ZERO'";
