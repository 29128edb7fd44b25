/**
 * How names in code become names in the database. The default writes
 * snake_case (`createdAt` -> `created_at`, class `TaskList` -> `task_list`);
 * replace it by passing `namingStrategy` to createEngine.
 */
export interface NamingStrategy {
  /** Table name for an entity class without an explicit `@Table` name. */
  tableName(className: string): string;
  /** Column name for a property without an explicit name. */
  columnName(propertyName: string): string;
  /** Foreign-key column of a many-to-one / owning one-to-one: `owner` + `id` -> `owner_id`. */
  joinColumnName(relationProperty: string, referencedColumn: string): string;
  /** Join table of a many-to-many: `students` + `courses` -> `students_courses`. */
  joinTableName(ownerTable: string, ownerProperty: string, inverseTable: string): string;
  /** Column of a join table pointing at one side: `Student` + `id` -> `student_id`. */
  joinTableColumnName(className: string, referencedColumn: string): string;
}

/** `createdAt` -> `created_at`, `HTTPServer` -> `http_server`: the default naming of tables and columns. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

export class SnakeCaseNamingStrategy implements NamingStrategy {
  tableName(className: string): string {
    return snakeCase(className);
  }

  columnName(propertyName: string): string {
    return snakeCase(propertyName);
  }

  joinColumnName(relationProperty: string, referencedColumn: string): string {
    return `${snakeCase(relationProperty)}_${referencedColumn}`;
  }

  joinTableName(ownerTable: string, ownerProperty: string): string {
    return `${ownerTable}_${snakeCase(ownerProperty)}`;
  }

  joinTableColumnName(className: string, referencedColumn: string): string {
    return `${snakeCase(className)}_${referencedColumn}`;
  }
}

export const defaultNamingStrategy: NamingStrategy = new SnakeCaseNamingStrategy();
