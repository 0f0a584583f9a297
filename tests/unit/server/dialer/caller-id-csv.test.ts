import { describe, expect, it } from 'vitest';
import { parseCallerIdCsv } from '../../../../server/src/domain/dialer/caller-id-csv';

describe('caller-ID pool file', () => {
  it('reads numbers in any common form, with defaults for the optional columns', () => {
    const r = parseCallerIdCsv('\uFEFFnumero;tronco;atestado;ativo;limite_diario;reserva_nacional\r\n(11) 3000-0001;sip-a;sim;;;\r\n+55 21 3000-0002;sip-b;não;não;150;sim\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { e164: '+551130000001', ddd: '11', trunk: 'sip-a', attested: true, active: true, dailyCap: 200, fallback: false },
      { e164: '+552130000002', ddd: '21', trunk: 'sip-b', attested: false, active: false, dailyCap: 150, fallback: true },
    ]);
  });
  it('names every bad line: unknown DDD, repeated number, missing trunk, bad flag, bad cap', () => {
    const r = parseCallerIdCsv('number,trunk,attested,daily_cap\n2030000001,t,yes,10\n1130000001,t,yes,10\n1130000001,t,yes,10\n1130000003,,yes,10\n1130000004,t,talvez,10\n1130000005,t,no,0\n');
    expect(r.rows.map((x) => x.e164)).toEqual(['+551130000001']);
    expect(r.errors).toEqual([
      { line: 2, column: 'numero', value: '2030000001', reason: 'DDD inexistente' },
      { line: 4, column: 'numero', value: '1130000001', reason: 'número repetido no arquivo' },
      { line: 5, column: 'tronco', value: '', reason: 'tronco obrigatório (até 60 caracteres)' },
      { line: 6, column: 'atestado', value: 'talvez', reason: 'use sim ou não' },
      { line: 7, column: 'limite_diario', value: '0', reason: 'limite diário deve ser um inteiro de 1 a 100000' },
    ]);
  });
  it('a file without the required columns is refused as a whole', () => {
    expect(parseCallerIdCsv('fone;ativo\n1130000001;sim\n').errors).toEqual([
      { line: 1, column: 'numero', value: '', reason: 'coluna obrigatória ausente (numero / número / number / telefone)' },
      { line: 1, column: 'tronco', value: '', reason: 'coluna obrigatória ausente (tronco / trunk)' },
    ]);
  });
});
