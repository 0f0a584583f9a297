import { describe, expect, it } from 'vitest';
import { parseServerUrl } from '../../../shared/desktop-bridge';

describe('parseServerUrl', () => {
  it('keeps only the origin', () => {
    expect(parseServerUrl(' https://discador.exemplo.com.br:8443/ ')).toEqual({ ok: true, data: 'https://discador.exemplo.com.br:8443' });
    expect(parseServerUrl('http://10.0.0.5:3000')).toEqual({ ok: true, data: 'http://10.0.0.5:3000' });
  });
  it.each([
    ['not a url', 'not a valid URL'],
    ['ftp://host', 'must start with http'],
    ['https://user:pw@host', 'only scheme, host and port'],
    ['https://host/path', 'only scheme, host and port'],
  ])('rejects %s', (input, message) => {
    const r = parseServerUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(message);
  });
});
