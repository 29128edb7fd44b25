import { IdentityIndex } from "../../lib/orm/unit-of-work/identity-index";

/** The identity map's index by key: the array fast path for integer runs must answer exactly as a Map would. */
describe("IdentityIndex", () => {
  const objects = Array.from({ length: 5000 }, (_, i) => ({ i }));

  it("answers like a Map for runs, gaps, keys below the run, far keys, strings, bigints and deletes", () => {
    const index = new IdentityIndex();
    const reference = new Map<unknown, object>();
    const keys: (number | string | bigint)[] = [
      ...Array.from({ length: 3000 }, (_, i) => 1_000_000 + i), // a run
      1_000_000 + 3000 + 1000, // a gap the run takes
      1_000_000 + 3000 + 1000 + 5000, // a gap too wide: kept aside
      999_999, // below the run
      2 ** 40, // far away
      -5,
      1.5,
      "1000001", // the string twin of a key in the run
      1_000_001n, // and the bigint one
    ];
    keys.forEach((key, n) => {
      index.set(key, objects[n]);
      reference.set(key, objects[n]);
    });
    for (const key of keys) expect(index.get(key)).toBe(reference.get(key));
    expect(index.get(1_000_000 + 3500)).toBeUndefined();
    expect(index.get(1_000_001)).not.toBe(index.get("1000001"));
    expect(index.size).toBe(reference.size);

    for (const key of [1_000_010, 999_999, "1000001", 2 ** 40, 123]) {
      index.delete(key);
      reference.delete(key);
    }
    expect(index.size).toBe(reference.size);
    for (const key of keys) expect(index.get(key)).toBe(reference.get(key));

    // Overwriting a key keeps one entry.
    index.set(1_000_002, objects[4999]);
    reference.set(1_000_002, objects[4999]);
    expect(index.size).toBe(reference.size);

    const seen = new Map<unknown, object>();
    index.forEach((object, key) => {
      seen.set(key, object);
    });
    expect(new Map([...seen].sort())).toEqual(new Map([...reference].sort()));
  });

  it("keeps a key set aside before the run grew to it in one place", () => {
    const index = new IdentityIndex();
    index.set(1, objects[0]);
    index.set(3000, objects[1]); // too far from the run of one key: set aside
    for (let k = 2; k < 3000; k++) index.set(k, objects[2]); // the run grows past 3000's place
    index.set(3000, objects[3]);
    expect(index.get(3000)).toBe(objects[3]);
    expect(index.size).toBe(3000);
    index.delete(3000);
    expect(index.get(3000)).toBeUndefined();
    expect(index.size).toBe(2999);
  });
});
