import { describe, expect, it } from 'vitest';
import { LeadQueue } from '../../../../server/src/domain/dialer/lead-queue';
import { seededRng } from '../../../../server/src/domain/random';

describe('LeadQueue', () => {
  it('gives ready leads by rank (ties by id) and holds waiting ones until their time', () => {
    const q = new LeadQueue(4);
    q.put(10, 2, 0);
    q.put(11, 0, 500);
    q.put(12, 1, 0);
    q.put(13, 1, 0);
    expect(q.take(100)).toBe(12);
    expect(q.take(100)).toBe(13);
    expect(q.nextReadyAt()).toBe(500);
    expect(q.take(100)).toBe(10);
    expect(q.take(100)).toBeNull();
    expect(q.take(500)).toBe(11);
  });

  it('a taken lead keeps its rank to be put back; remove forgets a lead wherever it is', () => {
    const q = new LeadQueue();
    q.put(1, 5, 0);
    q.put(2, 7, 1000);
    expect(q.take(0)).toBe(1);
    expect(q.has(1)).toBe(false);
    expect(q.rankOf(1)).toBe(5);
    q.put(1, q.rankOf(1)!, 0);
    expect(q.remove(2)).toBe(true);
    expect(q.remove(2)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.take(5000)).toBe(1);
  });

  it('matches a simple reference model over 20,000 random operations (and grows past its capacity)', () => {
    const rng = seededRng(7);
    const q = new LeadQueue(16);
    const model = new Map<number, { rank: number; at: number; taken: boolean }>();
    let now = 0;
    for (let i = 0; i < 20_000; i++) {
      const op = rng();
      const id = Math.floor(rng() * 3000);
      if (op < 0.45) {
        const rank = Math.floor(rng() * 100);
        const at = now + Math.floor(rng() * 50);
        q.put(id, rank, at);
        model.set(id, { rank, at, taken: false });
      } else if (op < 0.85) {
        now += Math.floor(rng() * 5);
        let best: number | null = null;
        for (const [k, v] of model) {
          if (v.taken || v.at > now) continue;
          const b = best === null ? null : model.get(best)!;
          if (b === null || v.rank < b.rank || (v.rank === b.rank && k < best!)) best = k;
        }
        expect(q.take(now)).toBe(best);
        if (best !== null) model.get(best)!.taken = true;
      } else {
        expect(q.remove(id)).toBe(model.delete(id));
      }
      if (i % 1000 === 0) expect(q.size).toBe(model.size);
    }
  });
});
