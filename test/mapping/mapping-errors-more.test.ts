// The MappingError cases mapping-errors.test.ts does not cover; found from decorators alone, so run once, not per dialect.
import { Column, ManyToMany, ManyToOne, OneToMany, OneToOne, PrimaryKey, type Relation, Table, Version } from "../../lib";
import { problemsOf } from "./mapping-problems";

describe("MappingError: keys and columns", () => {
  it("reports something that is not a class among the entities", () => {
    expect(problemsOf([42])).toEqual([
      "entities must be classes; got number. Pass the decorated classes themselves, e.g. entities: [User, Task].",
    ]);
  });

  it("reports a nullable primary key", () => {
    @Table()
    class Keyed {
      // The option is not in @PrimaryKey's type; plain JavaScript callers can still pass it.
      @PrimaryKey({ nullable: true } as never) id!: number;
    }
    expect(problemsOf([Keyed])).toEqual(["Keyed.id: a primary key cannot be nullable; remove nullable: true."]);
  });

  it("reports a property with two column decorators", () => {
    @Table()
    class Doubled {
      @PrimaryKey() id!: number;
      @Column()
      @Version()
      revision!: number;
    }
    expect(problemsOf([Doubled])).toEqual([
      "Doubled.revision has more than one column decorator; keep one (@Column, @PrimaryKey, @CreatedAt, @UpdatedAt or @Version).",
    ]);
  });

  it("reports a column whose name a relation's foreign key already takes", () => {
    @Table()
    class Account {
      @PrimaryKey() id!: number;
    }
    @Table()
    class Invoice {
      @PrimaryKey() id!: number;
      @ManyToOne(() => Account, { joinColumn: "account_ref" }) account!: Relation<Account>;
      @ManyToOne(() => Account, { joinColumn: "account_ref" }) payer!: Relation<Account>;
    }
    expect(problemsOf([Invoice])).toEqual([
      "Invoice.payer: column account_ref already belongs to Invoice.account; give one relation another joinColumn.",
    ]);
  });
});

describe("MappingError: relations", () => {
  it("reports a relation to a target without a primary key (and the target itself)", () => {
    @Table()
    class Keyless {
      @Column() name!: string;
    }
    @Table()
    class Pointer {
      @PrimaryKey() id!: number;
      @ManyToOne(() => Keyless) keyless!: Relation<Keyless>;
    }
    expect(problemsOf([Pointer])).toEqual([
      "Keyless has no primary key: add @PrimaryKey() to a property (e.g. @PrimaryKey() id!: number).",
      "Pointer.keyless: its target Keyless must have exactly one primary key column to be referenced (it has 0); give Keyless a single @PrimaryKey() (foreign keys to composite keys are not supported).",
    ]);
  });

  it("reports a many-to-many to a target with a composite key", () => {
    @Table()
    class Tag {
      @PrimaryKey({ generated: false }) scope!: number;
      @PrimaryKey({ generated: false }) label!: number;
      @ManyToMany(
        () => Post,
        (p) => p.tags,
      )
      posts!: Relation<Post>[];
    }
    @Table()
    class Post {
      @PrimaryKey() id!: number;
      @ManyToMany(
        () => Tag,
        (t) => t.posts,
        { joinTable: "post_tags" },
      )
      tags!: Relation<Tag>[];
    }
    expect(problemsOf([Post])).toEqual([
      "Post.tags: Tag has 2 primary key columns, but each side of a many-to-many needs exactly one; give Tag a single @PrimaryKey().",
    ]);
  });

  it("reports a target function that throws", () => {
    @Table()
    class Broken {
      @PrimaryKey() id!: number;
      @ManyToOne(() => {
        throw new Error("Target is not defined");
      })
      target!: unknown;
    }
    expect(problemsOf([Broken])).toEqual([
      "Broken.target: its target function threw (Target is not defined); make it only return the entity class, e.g. @ManyToOne(() => Target).",
    ]);
  });

  it("reports two relations naming one other side", () => {
    @Table()
    class Team {
      @PrimaryKey() id!: number;
      @OneToMany(
        () => Player,
        (p) => p.team,
      )
      players!: Relation<Player>[];
      @OneToMany(
        () => Player,
        (p) => p.team,
      )
      substitutes!: Relation<Player>[];
    }
    @Table()
    class Player {
      @PrimaryKey() id!: number;
      @ManyToOne(
        () => Team,
        (t) => t.players,
      )
      team!: Relation<Team>;
    }
    expect(problemsOf([Team])).toEqual([
      "Team.substitutes and Player.team do not name each other as other sides (Player.team names players); a relation pairs with one other side only, so give Team.substitutes its own @ManyToOne on Player.",
    ]);
  });

  it("reports a one-to-one marked owner on both sides, and one with no other side that refuses to own", () => {
    @Table()
    class Passport {
      @PrimaryKey() id!: number;
      @OneToOne(
        () => Citizen,
        (c) => c.passport,
        { owner: true },
      )
      citizen!: Relation<Citizen>;
    }
    @Table()
    class Citizen {
      @PrimaryKey() id!: number;
      @OneToOne(
        () => Passport,
        (p) => p.citizen,
        { owner: true },
      )
      passport!: Relation<Passport>;
      @OneToOne(() => Passport, undefined, { owner: false }) spare!: Relation<Passport>;
    }
    expect(problemsOf([Citizen, Passport])).toEqual([
      "Citizen.spare: a one-to-one without an other side must own the foreign key; remove owner: false.",
      "Citizen.passport and Passport.citizen are both marked owner: true; only the side that holds the foreign key is the owner.",
    ]);
  });

  it("reports a join table named like an entity's table, naming the relation that declares it", () => {
    @Table("memberships")
    class Membership {
      @PrimaryKey() id!: number;
    }
    @Table()
    class Club {
      @PrimaryKey() id!: number;
      @ManyToMany(() => Member, undefined, { joinTable: "memberships" }) members!: Relation<Member>[];
    }
    @Table()
    class Member {
      @PrimaryKey() id!: number;
    }
    expect(problemsOf([Membership, Club])).toEqual([
      'Club.members: its join table "memberships" has the same name as the table of Membership; name the join table with joinTable: "...".',
    ]);
  });
});
