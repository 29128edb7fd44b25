/**
 * Objects kept alive for as long as the process runs, one per class whose
 * instances the hot paths (a flush, a load, a statement loop) work on.
 *
 * Why: V8 gives objects a hidden layout, and a class's instances reach
 * theirs by adding fields one by one in the constructor. It keeps a layout
 * reached that way only while some object has it. Code optimized for a loop
 * over those instances is tied to their layouts; when all instances are
 * garbage at a full collection (between two units of work, say), the layout
 * is dropped, that code is thrown away, and the next 10k-row flush or load
 * runs unoptimized until the engine optimizes it again, up to twice as slow.
 * One instance of each class, with nothing in it, keeps its layout for good.
 */
const kept: object[] = [];

/** Keep `exemplar`, an instance with no data made for this, alive for good (see above). */
export function keepLayoutOf(exemplar: object): void {
  kept.push(exemplar);
}

/**
 * The exemplar of one class, kept the first time an instance of it is made
 * rather than when its module is imported (importing Strata runs nothing):
 * the class's constructor calls keep() as its last step, which after the
 * first time costs one field read. `make` builds an instance with no data,
 * through the same constructor (keep() does nothing on that nested call).
 */
export class FirstUseLayout {
  private kept = false;

  constructor(private readonly make: () => object) {}

  keep(): void {
    if (this.kept) return;
    this.kept = true;
    keepLayoutOf(this.make());
  }
}
