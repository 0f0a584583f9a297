import { describe, expect, it } from 'vitest';
import { areasFor, HOME_AREA, parseArea } from '../../../renderer/src/routes';

describe('role-gated areas', () => {
  it('each role sees its own areas', () => {
    expect(areasFor('agent')).toEqual(['agent']);
    expect(areasFor('supervisor')).toEqual(['supervisor']);
    expect(areasFor('admin')).toEqual(['supervisor', 'admin']);
    expect(HOME_AREA.admin).toBe('admin');
  });
  it('parses the hash route', () => {
    expect(parseArea('#/admin')).toBe('admin');
    expect(parseArea('#agent')).toBe('agent');
    expect(parseArea('#/nope')).toBeNull();
    expect(parseArea('')).toBeNull();
  });
});
