import type { TestDialect } from "../support/servers";

/**
 * What the decorators of test/fixtures/seed-models say each table must be,
 * written out by hand (not derived from Strata's metadata), so the catalog
 * test compares the database against the decorators and not Strata against
 * itself. Types are dialect-neutral ("varchar(100)", "enum(draft,final)");
 * catalogTypeName() spells them the way each database reports them.
 */
export interface ExpectedColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  /** In canonicalDefault() spelling; null when the column has none. */
  readonly default: string | null;
  /** The database numbers it (identity, AUTO_INCREMENT, rowid alias). */
  readonly generated: boolean;
}

export interface ExpectedForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  /** undefined: no action was declared, so the database's default applies. */
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

export interface ExpectedIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface ExpectedTable {
  /** In table order: property columns first, then the foreign-key columns relations add. */
  readonly columns: readonly ExpectedColumn[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ExpectedForeignKey[];
  /** Unique constraints (as their indexes) and declared indexes, by name. */
  readonly indexes: readonly ExpectedIndex[];
}

function col(name: string, type: string, more: Partial<Omit<ExpectedColumn, "name" | "type">> = {}): ExpectedColumn {
  return { name, type, nullable: false, default: null, generated: false, ...more };
}

const generatedId = col("id", "integer", { generated: true });

/** Keyed by table name; every table the seed entities map to, join table included. */
export const SEED_TABLES: Record<string, ExpectedTable> = {
  // @PrimaryKey id, @Column({ length: 100 }) name, @Column({ type: "varchar", nullable, unique }) email,
  // @ManyToOne project { nullable, onDelete: "set null" }, @CreatedAt createdAt.
  users: {
    columns: [
      generatedId,
      col("name", "varchar(100)"),
      // A varchar without a length is varchar(255).
      col("email", "varchar(255)", { nullable: true }),
      col("created_at", "timestamptz"),
      col("project_id", "integer", { nullable: true }),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      {
        name: "fk_users_project_id",
        columns: ["project_id"],
        referencedTable: "projects",
        referencedColumns: ["id"],
        onDelete: "set null",
      },
    ],
    indexes: [{ name: "uq_users_email", columns: ["email"], unique: true }],
  },
  // The seed's Task plus an explicit ownerId beside the owner relation, @Index(["ownerId", "status"]), @Version.
  tasks: {
    columns: [
      generatedId,
      col("title", "varchar(100)"),
      col("status", "varchar(20)", { default: "pending" }),
      col("notes", "text", { nullable: true }),
      col("tags", "json", { nullable: true }),
      // The explicit @Column() ownerId is the owner relation's column: no second owner_id.
      col("owner_id", "integer"),
      col("updated_at", "timestamptz"),
      // A @Version column starts at 1.
      col("version", "integer", { default: "1" }),
      col("project_id", "integer", { nullable: true }),
    ],
    primaryKey: ["id"],
    foreignKeys: [
      { name: "fk_tasks_owner_id", columns: ["owner_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: "cascade" },
      { name: "fk_tasks_project_id", columns: ["project_id"], referencedTable: "projects", referencedColumns: ["id"] },
    ],
    indexes: [{ name: "ix_tasks_owner_id_status", columns: ["owner_id", "status"], unique: false }],
  },
  // Only inverse sides (members, tasks): no foreign key of its own.
  projects: {
    columns: [generatedId, col("name", "varchar(100)")],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [{ name: "uq_projects_name", columns: ["name"], unique: true }],
  },
  // The owning side of the one-to-one holds user_id, unique so one user has at most one profile.
  profiles: {
    columns: [generatedId, col("bio", "text", { nullable: true }), col("user_id", "integer")],
    primaryKey: ["id"],
    foreignKeys: [
      { name: "fk_profiles_user_id", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: "cascade" },
    ],
    indexes: [{ name: "uq_profiles_user_id", columns: ["user_id"], unique: true }],
  },
  students: { columns: [generatedId, col("name", "varchar(100)")], primaryKey: ["id"], foreignKeys: [], indexes: [] },
  courses: { columns: [generatedId, col("title", "varchar(100)")], primaryKey: ["id"], foreignKeys: [], indexes: [] },
  // Student.courses { joinTable: "enrollments" }: composite key, a cascading FK to each side, and an index
  // on the second key column (the primary key's index already serves lookups by student_id).
  enrollments: {
    columns: [col("student_id", "integer"), col("course_id", "integer")],
    primaryKey: ["student_id", "course_id"],
    foreignKeys: [
      {
        name: "fk_enrollments_course_id",
        columns: ["course_id"],
        referencedTable: "courses",
        referencedColumns: ["id"],
        onDelete: "cascade",
      },
      {
        name: "fk_enrollments_student_id",
        columns: ["student_id"],
        referencedTable: "students",
        referencedColumns: ["id"],
        onDelete: "cascade",
      },
    ],
    indexes: [{ name: "ix_enrollments_course_id", columns: ["course_id"], unique: false }],
  },
  // Self-referential: parent { nullable, onDelete: "cascade" } points at the same table.
  categories: {
    columns: [generatedId, col("name", "varchar(100)"), col("parent_id", "integer", { nullable: true })],
    primaryKey: ["id"],
    foreignKeys: [
      {
        name: "fk_categories_parent_id",
        columns: ["parent_id"],
        referencedTable: "categories",
        referencedColumns: ["id"],
        onDelete: "cascade",
      },
    ],
    indexes: [],
  },
  // A uuid key Strata generates (so the database does not), and one column of every other type.
  documents: {
    columns: [
      col("id", "uuid"),
      col("size", "bigint"),
      col("score", "float"),
      col("price", "decimal(12,3)"),
      col("published", "boolean"),
      col("day", "date"),
      col("local_time", "datetime", { nullable: true }),
      // design:type Date with no type option is an instant.
      col("at", "timestamptz"),
      col("body", "blob", { nullable: true }),
      col("state", "enum(draft,final)", { default: "draft" }),
      col("meta", "json"),
    ],
    primaryKey: ["id"],
    foreignKeys: [],
    indexes: [],
  },
  // Two @PrimaryKey({ generated: false }): a composite key nobody generates.
  document_versions: {
    columns: [col("document_id", "uuid"), col("number", "integer"), col("content", "text")],
    primaryKey: ["document_id", "number"],
    foreignKeys: [],
    indexes: [],
  },
};

/** A dialect-neutral type as the database's catalog spells it (format_type / COLUMN_TYPE / SQLite's declared type). */
export function catalogTypeName(spec: string, dialect: TestDialect, mariadb: boolean): string {
  const [, kind, args = ""] = /^(\w+)(?:\((.*)\))?$/.exec(spec) ?? [];
  const params = args.split(",").filter(Boolean);
  const names: Record<string, [postgres: string, mysql: string, sqlite: string]> = {
    integer: ["integer", "int", "INTEGER"],
    bigint: ["bigint", "bigint", "BIGINT"],
    float: ["double precision", "double", "REAL"],
    decimal: [`numeric(${args})`, `decimal(${args})`, `DECIMAL_TEXT(${params.join(", ")})`],
    varchar: [`character varying(${args})`, `varchar(${args})`, `VARCHAR(${args})`],
    text: ["text", "longtext", "TEXT"],
    boolean: ["boolean", "tinyint(1)", "BOOLEAN"],
    date: ["date", "date", "DATE"],
    datetime: ["timestamp(3) without time zone", "datetime(3)", "DATETIME"],
    timestamptz: ["timestamp(3) with time zone", "datetime(3)", "TIMESTAMPTZ"],
    // MariaDB's JSON is an alias of LONGTEXT (with a json_valid CHECK).
    json: ["jsonb", mariadb ? "longtext" : "json", "JSON"],
    uuid: ["uuid", "char(36)", "UUID"],
    blob: ["bytea", "longblob", "BLOB"],
    // PostgreSQL and SQLite keep enums in a string column with a CHECK; MySQL has ENUM.
    enum: [`character varying(${Math.max(...params.map((p) => p.length))})`, `enum(${params.map((p) => `'${p}'`).join(",")})`, "TEXT"],
  };
  const spelled = names[kind];
  if (!spelled) throw new Error(`no catalog spelling for ${spec}`);
  return spelled[{ postgres: 0, mysql: 1, sqlite: 2 }[dialect]];
}
