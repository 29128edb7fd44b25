import type { ColumnMetadata, RelationLink, RelationMetadata } from "./entity-metadata";

function column(columns: readonly ColumnMetadata[], name: string): ColumnMetadata {
  const found = columns.find((c) => c.name === name);
  if (!found) throw new Error(`Strata metadata is inconsistent: no column ${name}.`);
  return found;
}

/** The matching columns of a relation: worked out once, as its metadata is built (RelationMetadata.link). */
export function buildRelationLink(rel: Omit<RelationMetadata, "link">): RelationLink {
  let link: RelationLink;
  if (rel.kind === "many-to-many") {
    const owning = rel.owner ? rel : (rel.inverse as RelationMetadata);
    const jt = owning.joinTable;
    if (!jt) throw new Error(`Strata metadata is inconsistent: ${rel.entity.name}.${rel.property} has no join table.`);
    const [sourceSide, targetSide] = rel.owner ? [jt.joinColumns, jt.inverseJoinColumns] : [jt.inverseJoinColumns, jt.joinColumns];
    const joinColumn = (name: string, like: ColumnMetadata): ColumnMetadata => ({
      ...like,
      name,
      property: undefined,
      primary: false,
      generated: false,
    });
    const source = sourceSide.map((j) => column(rel.entity.columns, j.referencedColumn));
    const target = targetSide.map((j) => column(rel.target.columns, j.referencedColumn));
    link = {
      source,
      target,
      via: {
        table: jt.name,
        viaSource: sourceSide.map((j, i) => joinColumn(j.name, source[i])),
        viaTarget: targetSide.map((j, i) => joinColumn(j.name, target[i])),
      },
    };
  } else if (rel.owner) {
    link = {
      source: rel.joinColumns.map((j) => column(rel.entity.columns, j.name)),
      target: rel.joinColumns.map((j) => column(rel.target.columns, j.referencedColumn)),
    };
  } else {
    link = {
      source: rel.joinColumns.map((j) => column(rel.entity.columns, j.referencedColumn)),
      target: rel.joinColumns.map((j) => column(rel.target.columns, j.name)),
    };
  }
  return link;
}
