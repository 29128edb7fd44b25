import { FirstUseLayout } from "../../util/layout-keeper";
import type { IdentityKey } from "../mapping/identity";

/** How far past the dense run a new integer key may land and still join it (beyond that, holes would waste memory). */
const MAX_GAP = 1024;

/**
 * One entity's identity map: key -> object. Generated integer keys are the
 * usual case, and they come in runs (10k rows inserted or loaded in key
 * order), so those live in an array indexed from the first such key seen: a
 * write is an array store, where a Map hashes and rehashes as it grows (a
 * tenth of a 10k-row flush went there). Every other key (strings, bigints,
 * integers far from the run, composite keys) goes to a Map. A number and a
 * string never meet: 1 and "1" stay two keys, as in a Map.
 */
export class IdentityIndex<T extends object = object> {
  private base = 0;
  private readonly dense: (T | undefined)[] = [];
  private denseCount = 0;
  private readonly others = new Map<IdentityKey, T>();

  constructor() {
    identityIndexLayout.keep();
  }

  get size(): number {
    return this.denseCount + this.others.size;
  }

  get(key: IdentityKey): T | undefined {
    if (typeof key === "number") {
      const at = key - this.base;
      if (at >= 0 && at < this.dense.length) {
        const found = this.dense[at];
        if (found !== undefined) return found;
      }
    }
    // Most indexes never hold another key: a lookup in the empty Map would still hash the key.
    return this.others.size === 0 ? undefined : this.others.get(key);
  }

  set(key: IdentityKey, object: T): void {
    if (typeof key === "number" && Number.isSafeInteger(key)) {
      if (this.dense.length === 0 && this.denseCount === 0) this.base = key;
      const at = key - this.base;
      if (at >= 0 && at <= this.dense.length + MAX_GAP && (this.others.size === 0 || !this.others.has(key))) {
        if (at < this.dense.length) {
          if (this.dense[at] === undefined) this.denseCount++;
        } else {
          // Fill up to the key: holes stay undefined (and the array stays packed where keys are consecutive).
          while (this.dense.length < at) this.dense.push(undefined);
          this.dense.push(object);
          this.denseCount++;
          return;
        }
        this.dense[at] = object;
        return;
      }
    }
    this.others.set(key, object);
  }

  delete(key: IdentityKey): void {
    if (typeof key === "number") {
      const at = key - this.base;
      if (at >= 0 && at < this.dense.length && this.dense[at] !== undefined) {
        this.dense[at] = undefined;
        this.denseCount--;
        return;
      }
    }
    this.others.delete(key);
  }

  forEach(visit: (object: T, key: IdentityKey) => void): void {
    const dense = this.dense;
    for (let i = 0; i < dense.length; i++) {
      const object = dense[i];
      if (object !== undefined) visit(object, this.base + i);
    }
    this.others.forEach(visit);
  }
}

const identityIndexLayout = new FirstUseLayout(() => new IdentityIndex());
