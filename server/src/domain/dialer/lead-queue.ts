/**
 * One campaign's leads in memory: those ready now, in priority order, and those waiting for a time
 * (a retry delay, the end of another agent's lease, tomorrow). Two indexed binary heaps over typed
 * arrays, so taking the next lead is O(log n) on a million leads and any lead can be removed at once
 * (a payment). Leased leads are in neither heap: taking a lead is what makes it exclusive.
 */
const READY = 1;
const WAITING = 2;
const OUT = 0;

export class LeadQueue {
  private readonly slotOf = new Map<number, number>();
  private ids: Int32Array;
  private rank: Float64Array;
  private readyAt: Float64Array;
  private where: Uint8Array;
  private heapPos: Int32Array;
  private readonly ready: IndexedHeap;
  private readonly waiting: IndexedHeap;
  private freeSlots: number[] = [];
  private used = 0;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.ids = new Int32Array(n);
    this.rank = new Float64Array(n);
    this.readyAt = new Float64Array(n);
    this.where = new Uint8Array(n);
    this.heapPos = new Int32Array(n);
    // ready: lower rank first (rank 0 = highest priority); waiting: earliest time first
    this.ready = new IndexedHeap(n, (a, b) => this.rank[a]! < this.rank[b]! || (this.rank[a] === this.rank[b] && this.ids[a]! < this.ids[b]!), this.heapPos);
    this.waiting = new IndexedHeap(n, (a, b) => this.readyAt[a]! < this.readyAt[b]!, this.heapPos);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: number): boolean {
    const slot = this.slotOf.get(id);
    return slot !== undefined && this.where[slot] !== OUT;
  }

  /** The rank of a known lead (also one taken and not yet put back), or null. */
  rankOf(id: number): number | null {
    const slot = this.slotOf.get(id);
    return slot === undefined ? null : this.rank[slot]!;
  }

  /** Leads ready at `now` (moves due waiting leads first). */
  readyCount(now: number): number {
    this.promote(now);
    return this.ready.length;
  }

  /** Adds a lead or, if present, sets its rank and time. */
  put(id: number, rank: number, readyAt: number): void {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.allocate();
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
    } else {
      this.detach(slot);
    }
    this.rank[slot] = rank;
    this.readyAt[slot] = readyAt;
    this.where[slot] = WAITING;
    this.waiting.push(slot);
  }

  /** Takes the best lead ready at `now`, or null. The lead stays known (for `put` back) but is in no heap. */
  take(now: number): number | null {
    this.promote(now);
    if (this.ready.length === 0) return null;
    const slot = this.ready.pop();
    this.where[slot] = OUT;
    return this.ids[slot]!;
  }

  /** The rank of the best lead ready at `now`, or null. */
  bestReadyRank(now: number): number | null {
    this.promote(now);
    return this.ready.length ? this.rank[this.ready.peek()]! : null;
  }

  /** The time the next waiting lead becomes ready (Infinity if none). */
  nextReadyAt(): number {
    return this.waiting.length ? this.readyAt[this.waiting.peek()]! : Infinity;
  }

  /** Forgets a lead wherever it is (done, paid, removed from the campaign). */
  remove(id: number): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.detach(slot);
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  private promote(now: number): void {
    while (this.waiting.length && this.readyAt[this.waiting.peek()]! <= now) {
      const slot = this.waiting.pop();
      this.where[slot] = READY;
      this.ready.push(slot);
    }
  }

  private detach(slot: number): void {
    if (this.where[slot] === READY) this.ready.delete(slot);
    else if (this.where[slot] === WAITING) this.waiting.delete(slot);
    this.where[slot] = OUT;
  }

  private allocate(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.used === this.ids.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.ids = copy(this.ids, (k) => new Int32Array(k));
    this.rank = copy(this.rank, (k) => new Float64Array(k));
    this.readyAt = copy(this.readyAt, (k) => new Float64Array(k));
    this.where = copy(this.where, (k) => new Uint8Array(k));
    this.heapPos = copy(this.heapPos, (k) => new Int32Array(k));
    this.ready.resize(n, this.heapPos);
    this.waiting.resize(n, this.heapPos);
  }
}

/** A binary heap of slots that knows each slot's position (shared array: a slot is in one heap at a time). */
class IndexedHeap {
  private heap: Int32Array;
  length = 0;

  constructor(
    capacity: number,
    private readonly before: (a: number, b: number) => boolean,
    private pos: Int32Array,
  ) {
    this.heap = new Int32Array(capacity);
  }

  resize(capacity: number, pos: Int32Array): void {
    const heap = new Int32Array(capacity);
    heap.set(this.heap);
    this.heap = heap;
    this.pos = pos;
  }

  peek(): number {
    return this.heap[0]!;
  }

  push(slot: number): void {
    this.heap[this.length] = slot;
    this.pos[slot] = this.length;
    this.up(this.length++);
  }

  pop(): number {
    const top = this.heap[0]!;
    this.delete(top);
    return top;
  }

  delete(slot: number): void {
    const i = this.pos[slot]!;
    const last = this.heap[--this.length]!;
    if (i === this.length) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.down(i);
    this.up(this.pos[last]!);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.length && this.before(h[l]!, h[best]!)) best = l;
      if (r < this.length && this.before(h[r]!, h[best]!)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const a = h[i]!;
    const b = h[j]!;
    h[i] = b;
    h[j] = a;
    this.pos[b] = i;
    this.pos[a] = j;
  }
}
