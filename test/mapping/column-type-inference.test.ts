// Column types from options alone, where design:type cannot tell (a union with null): decorators only, no database.
import { Column, PrimaryKey, Table } from "../../lib";
import { buildMetadata } from "../../lib/metadata";
import { problemsOf } from "./mapping-problems";

describe("column types the options imply", () => {
  it("length implies varchar, precision/scale decimal, enum values an enum, for nullable unions too", () => {
    @Table("people")
    class Person {
      @PrimaryKey() id!: number;
      @Column({ length: 200, nullable: true }) bio!: string | null;
      @Column({ length: 20 }) code!: string;
      @Column({ precision: 12, scale: 3, nullable: true }) balance!: string | null;
      @Column({ precision: 8 }) total!: string;
      @Column({ scale: 4 }) rate!: string;
      @Column({ enum: ["calm", "busy"], nullable: true }) mood!: "calm" | "busy" | null;
    }
    const person = buildMetadata([Person]).get(Person);
    const typeOf = (property: string) => person.columnsByProperty.get(property)?.type;
    expect(typeOf("bio")).toEqual({ kind: "varchar", length: 200 });
    expect(person.columnsByProperty.get("bio")?.nullable).toBe(true);
    expect(typeOf("code")).toEqual({ kind: "varchar", length: 20 });
    expect(typeOf("balance")).toEqual({ kind: "decimal", precision: 12, scale: 3 });
    expect(typeOf("total")).toEqual({ kind: "decimal", precision: 8, scale: 2 });
    expect(typeOf("rate")).toEqual({ kind: "decimal", precision: 10, scale: 4 });
    expect(typeOf("mood")).toEqual({ kind: "enum", values: ["calm", "busy"] });
  });

  it("keeps design:type where it tells another type than the option would: a number with a length, a Date with a precision", () => {
    @Table("counters")
    class Counter {
      @PrimaryKey() id!: number;
      @Column({ length: 10 }) hits!: number;
      @Column({ precision: 6 }) seenAt!: Date;
    }
    const counter = buildMetadata([Counter]).get(Counter);
    expect(counter.columnsByProperty.get("hits")?.type).toEqual({ kind: "integer" });
    // On a Date, precision is the digits of fractional seconds.
    expect(counter.columnsByProperty.get("seenAt")?.type).toEqual({ kind: "timestamptz", precision: 6 });
  });

  it("a nullable Date whose type cannot be read gets a message naming timestamptz, datetime and date", () => {
    @Table("tasks")
    class Task {
      @PrimaryKey() id!: number;
      @Column({ nullable: true }) due!: Date | null;
    }
    const [problem] = problemsOf([Task]);
    expect(problem).toMatch(
      /^Task\.due: cannot tell the column type \(its TypeScript type is a union, an object or `any`\); add the type option/,
    );
    expect(problem).toContain('for Date | null, { type: "timestamptz", nullable: true } (an instant)');
    expect(problem).toContain('{ type: "datetime", nullable: true } (a wall-clock time without a zone)');
    expect(problem).toContain('{ type: "date", nullable: true } (a day)');
    expect(problem).toContain("{ length: 100, nullable: true }) for string | null");
  });
});
