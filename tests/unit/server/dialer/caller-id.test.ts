import { describe, expect, it } from 'vitest';
import { CallerIdPool, type PoolNumber } from '../../../../server/src/domain/dialer/caller-id';

const n = (e164: string, over: Partial<PoolNumber> = {}): PoolNumber => ({ e164, ddd: e164.slice(3, 5), active: true, fallback: false, dailyCap: 200, ...over });
const END = 1_000_000;

describe('caller-ID pool (local presence)', () => {
  const pool = () => {
    const p = new CallerIdPool({ minCallsToJudge: 10, maxShortRatio: 0.9, minAnswerRate: 0.05 });
    p.load([
      n('+551130000001'), n('+551130000002'),
      n('+551930000001'), // SP interior
      n('+552130000001'), // RJ
      n('+554130000001'), // PR (South)
      n('+556130000001', { fallback: true }), // DF: the national fallback
      n('+558530000001', { active: false }), // CE, inactive
    ]);
    return p;
  };
  it('same DDD first, least used within it', () => {
    const p = pool();
    expect([p.choose('11', 0, END), p.choose('11', 0, END), p.choose('11', 0, END)]).toEqual(['+551130000001', '+551130000002', '+551130000001']);
  });
  it('else the same state, else the same region, else the national fallback; an inactive number never', () => {
    const p = pool();
    expect(p.choose('15', 0, END)).toMatch(/^\+55(11|19)/); // Sorocaba (SP): an SP number
    expect(p.choose('27', 0, END)).toMatch(/^\+55(11|19|21)/); // ES: Southeast
    expect(p.choose('48', 0, END)).toBe('+554130000001'); // SC: South (PR)
    expect(p.choose('85', 0, END)).toBe('+556130000001'); // CE inactive, no Northeast number: fallback
    expect(p.choose('91', 0, END)).toBe('+556130000001');
  });
  it('a number at its daily cap rests until the end of the day; with nothing left, null (never outside the pool)', () => {
    const p = new CallerIdPool();
    p.load([n('+551130000001', { dailyCap: 2 })]);
    expect(p.choose('11', 0, END)).toBe('+551130000001');
    expect(p.choose('11', 0, END)).toBe('+551130000001');
    expect(p.choose('11', 0, END)).toBeNull();
    expect(p.stats('+551130000001')).toMatchObject({ calls: 2, restedUntil: END, restReason: 'cap' });
    p.newDay();
    expect(p.choose('11', END + 1, 2 * END)).toBe('+551130000001');
    expect(new CallerIdPool().choose('11', 0, END)).toBeNull();
  });
  it('rests a number whose short-call ratio or answer rate goes bad, once it has enough calls to judge', () => {
    const p = pool();
    for (let i = 0; i < 9; i++) {
      p.choose('21', 0, END);
      expect(p.record('+552130000001', { answered: false, short: true }, END)).toBeNull();
    }
    p.choose('21', 0, END);
    expect(p.record('+552130000001', { answered: false, short: true }, END)).toBe('short_calls');
    expect(p.choose('21', 10, END)).not.toBe('+552130000001'); // resting: another Southeast number
  });
});
