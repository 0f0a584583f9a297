import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/logger';

describe('logger', () => {
  it('never writes CPFs, phones, passwords or tokens in clear', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ cpf: '52998224725', phone: '+5511987654321', password: 'hunter2', debtor: { document: '52998224725', e164: '+5511987654321' }, token: 'abc' }, 'x');
    const out = lines.join('');
    expect(out).not.toMatch(/52998224725|987654321|hunter2|"abc"/);
    expect(out).toContain('[masked]');
  });
});
