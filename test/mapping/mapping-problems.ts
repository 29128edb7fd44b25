import { MappingError } from "../../lib";
import { buildMetadata } from "../../lib/metadata";

/** The problems one MappingError reports for these classes; fails the test if building them succeeds. */
export function problemsOf(entities: unknown[]): string[] {
  try {
    buildMetadata(entities);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).code).toBe("MAPPING_ERROR");
    return [...(error as MappingError).problems];
  }
  throw new Error("expected a MappingError");
}
