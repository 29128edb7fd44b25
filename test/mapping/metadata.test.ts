// Metadata is built from decorators alone, before any database is involved, so these tests run once, not per dialect.
import { buildMetadata } from "../../lib/metadata";
import { Category, Course, Document, DocumentVersion, Profile, Project, Student, seedEntities, Task, User } from "../fixtures/seed-models";

describe("entity metadata of the seed models", () => {
  const store = buildMetadata(seedEntities);

  it("names tables and columns in snake_case and infers column types", () => {
    const task = store.get(Task);
    expect(task.tableName).toBe("tasks");
    expect(task.columns.map((c) => [c.property, c.name, c.type.kind, c.nullable])).toEqual([
      ["id", "id", "integer", false],
      ["title", "title", "varchar", false],
      ["status", "status", "varchar", false],
      ["notes", "notes", "text", true],
      ["tags", "tags", "json", true],
      ["ownerId", "owner_id", "integer", false],
      ["updatedAt", "updated_at", "timestamptz", false],
      ["version", "version", "integer", false],
      [undefined, "project_id", "integer", true],
    ]);
    expect(task.primaryKeys.map((c) => c.generated)).toEqual(["identity"]);
    expect(task.columnsByProperty.get("title")?.type).toEqual({ kind: "varchar", length: 100 });
    expect(task.versionColumn?.property).toBe("version");
    expect(task.updatedAtColumn?.property).toBe("updatedAt");
    expect(store.get(User).createdAtColumn?.name).toBe("created_at");
  });

  it("uses an explicit foreign-key column declared beside the relation", () => {
    const owner = store.get(Task).relationsByProperty.get("owner");
    expect(owner?.joinColumns).toEqual([{ name: "owner_id", referencedColumn: "id" }]);
    expect(store.get(Task).columnsByProperty.get("ownerId")?.relationProperty).toBe("owner");
    expect(store.get(Task).schema.foreignKeys).toEqual([
      { name: "fk_tasks_owner_id", columns: ["owner_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: "cascade" },
      { name: "fk_tasks_project_id", columns: ["project_id"], referencedTable: "projects", referencedColumns: ["id"] },
    ]);
  });

  it("links both sides of one-to-many, one-to-one and many-to-many", () => {
    const tasks = store.get(User).relationsByProperty.get("tasks");
    expect(tasks?.kind).toBe("one-to-many");
    expect(tasks?.owner).toBe(false);
    expect(tasks?.inverse?.property).toBe("owner");
    expect(tasks?.joinColumns).toEqual([{ name: "owner_id", referencedColumn: "id" }]);
    expect(tasks?.cascadePersist).toBe(true);
    expect(tasks?.cascadeRemove).toBe(true);

    const profileUser = store.get(Profile).relationsByProperty.get("user");
    expect(profileUser?.owner).toBe(true);
    expect(store.get(User).relationsByProperty.get("profile")?.owner).toBe(false);
    expect(store.get(Profile).schema.uniques).toEqual([{ name: "uq_profiles_user_id", columns: ["user_id"] }]);

    const courses = store.get(Student).relationsByProperty.get("courses");
    const students = store.get(Course).relationsByProperty.get("students");
    expect(courses?.owner).toBe(true);
    expect(students?.owner).toBe(false);
    expect(courses?.joinTable).toEqual({
      name: "enrollments",
      joinColumns: [{ name: "student_id", referencedColumn: "id" }],
      inverseJoinColumns: [{ name: "course_id", referencedColumn: "id" }],
    });
    expect(students?.joinTable).toBe(courses?.joinTable);
  });

  it("derives the join table: composite key and a cascading foreign key to each side", () => {
    expect(store.joinTables).toEqual([
      {
        name: "enrollments",
        columns: [
          { name: "student_id", type: { kind: "integer" }, nullable: false, autoIncrement: false },
          { name: "course_id", type: { kind: "integer" }, nullable: false, autoIncrement: false },
        ],
        primaryKey: ["student_id", "course_id"],
        foreignKeys: [
          {
            name: "fk_enrollments_student_id",
            columns: ["student_id"],
            referencedTable: "students",
            referencedColumns: ["id"],
            onDelete: "cascade",
          },
          {
            name: "fk_enrollments_course_id",
            columns: ["course_id"],
            referencedTable: "courses",
            referencedColumns: ["id"],
            onDelete: "cascade",
          },
        ],
        uniques: [],
        indexes: [{ name: "ix_enrollments_course_id", columns: ["course_id"], unique: false }],
      },
    ]);
  });

  it("maps a self-referential tree", () => {
    const category = store.get(Category);
    expect(category.relationsByProperty.get("parent")?.target).toBe(category);
    expect(category.relationsByProperty.get("children")?.inverse).toBe(category.relationsByProperty.get("parent"));
    expect(category.schema.foreignKeys[0]).toMatchObject({ columns: ["parent_id"], referencedTable: "categories", onDelete: "cascade" });
    expect(category.columns.find((c) => c.name === "parent_id")?.nullable).toBe(true);
  });

  it("maps uuid, composite keys, enums and every other column kind", () => {
    const doc = store.get(Document);
    expect(doc.primaryKeys.map((c) => [c.name, c.type.kind, c.generated])).toEqual([["id", "uuid", "uuid"]]);
    expect(doc.columns.map((c) => c.type.kind)).toEqual([
      "uuid",
      "bigint",
      "float",
      "decimal",
      "boolean",
      "date",
      "datetime",
      "timestamptz",
      "blob",
      "enum",
      "json",
    ]);
    expect(doc.columnsByProperty.get("state")?.type.values).toEqual(["draft", "final"]);
    expect(doc.columnsByProperty.get("price")?.type).toEqual({ kind: "decimal", precision: 12, scale: 3 });
    expect(store.get(DocumentVersion).schema.primaryKey).toEqual(["document_id", "number"]);
    expect(store.get(DocumentVersion).primaryKeys.every((c) => c.generated === false)).toBe(true);
  });

  it("discovers entities reached through relations", () => {
    const partial = buildMetadata([Task]);
    expect(partial.entities.map((e) => e.name).sort()).toEqual(["Profile", "Project", "Task", "User"]);
  });

  it("gives each entity a Core table keyed by property", () => {
    const t = store.get(Task).table;
    expect(t.name).toBe("tasks");
    expect(Object.keys(t.c)).toEqual(["id", "title", "status", "notes", "tags", "ownerId", "updatedAt", "version", "project_id"]);
    expect(store.get(Project).schema.uniques).toEqual([{ name: "uq_projects_name", columns: ["name"] }]);
    expect(store.get(Task).schema.indexes).toEqual([{ name: "ix_tasks_owner_id_status", columns: ["owner_id", "status"], unique: false }]);
  });

  it("returns frozen metadata", () => {
    expect(Object.isFrozen(store.get(Task))).toBe(true);
    expect(Object.isFrozen(store.get(Task).columns)).toBe(true);
  });
});
