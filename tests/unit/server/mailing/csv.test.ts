import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, detectEncoding, MAX_RECORD_CHARS, type CsvRecord } from '../../../../server/src/domain/mailing/csv';

function parseAll(text: string, delimiter = ';', chunkSize = Infinity): CsvRecord[] {
  const parser = new CsvParser(delimiter);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += Math.min(chunkSize, text.length)) parser.push(text.slice(i, i + chunkSize), out);
  parser.end(out);
  return out;
}

describe('CsvParser', () => {
  it('splits records and fields, with line numbers', () => {
    expect(parseAll('a;b;c\n1;2;3\n')).toEqual([{ line: 1, fields: ['a', 'b', 'c'] }, { line: 2, fields: ['1', '2', '3'] }]);
  });
  it('handles CRLF, CR, a missing final newline and blank lines', () => {
    expect(parseAll('a;b\r\n\r\n1;2\r3;4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });
  it('reads quoted fields with delimiters, escaped quotes and newlines, counting physical lines', () => {
    const records = parseAll('nome;obs\n"Silva; Maria";"disse ""pago""\nontem"\nx;y\n');
    expect(records).toEqual([
      { line: 1, fields: ['nome', 'obs'] },
      { line: 2, fields: ['Silva; Maria', 'disse "pago"\nontem'] },
      { line: 4, fields: ['x', 'y'] },
    ]);
  });
  it('keeps empty fields, including a trailing one', () => {
    expect(parseAll('a;;c;\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
    expect(parseAll('"";x')).toEqual([{ line: 1, fields: ['', 'x'] }]);
  });
  it('gives the same result whatever the chunk boundaries', () => {
    const text = 'documento;nome;valor\r\n"529.982.247-25";"Souza, Ana ""Aninha""";"1.234,56"\r\n111.444.777-35;José\r\n;"multi\r\nlinha"\r\n\r\nfim;"x"\r\n';
    const whole = parseAll(text);
    for (const size of [1, 2, 3, 5, 7, 16]) expect(parseAll(text, ';', size)).toEqual(whole);
  });
  it('reports an unclosed quote at its starting line', () => {
    expect(parseAll('a;b\n1;"never closed\n2;3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'never closed\n2;3\n'], error: 'unclosed_quote' },
    ]);
  });
  it('reports text after a closing quote, and keeps going', () => {
    expect(parseAll('"ab"c;d\ne;f\n')).toEqual([
      { line: 1, fields: ['abc', 'd'], error: 'text_after_quote' },
      { line: 2, fields: ['e', 'f'] },
    ]);
  });
  it('keeps a quote in the middle of an unquoted field as text', () => {
    expect(parseAll('Rua 7 de "Setembro";x\n')).toEqual([{ line: 1, fields: ['Rua 7 de "Setembro"', 'x'] }]);
  });
  it('skips a record longer than the limit without buffering it, and resyncs at the next line', () => {
    for (const extra of [10, 50_000]) {
      const long = 'x'.repeat(MAX_RECORD_CHARS + extra);
      for (const chunk of [4096, 1 << 20]) {
        const records = parseAll(`a;b\n${long}\nc;d\n`, ';', chunk);
        expect(records.map((r) => ({ ...r, fields: r.fields.length }))).toEqual([
          { line: 1, fields: 2 },
          { line: 2, fields: 0, error: 'record_too_long' },
          { line: 3, fields: 2 },
        ]);
      }
    }
  });
  it('supports comma and tab delimiters', () => {
    expect(parseAll('a,"b,c"\n', ',')).toEqual([{ line: 1, fields: ['a', 'b,c'] }]);
    expect(parseAll('a\tb\n', '\t')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(() => new CsvParser('"')).toThrow(/invalid delimiter/);
  });
});

describe('detection', () => {
  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('cpf;nome;valor')).toBe(';');
    expect(detectDelimiter('cpf,nome,valor')).toBe(',');
    expect(detectDelimiter('cpf\tnome\tvalor')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('cpf')).toBe(';');
  });
  it('detects UTF-8 (with or without BOM) and Windows-1252', () => {
    expect(detectEncoding(Buffer.from('\uFEFFnome;São Paulo', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('nome;São Paulo', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('nome;São Paulo', 'latin1'))).toBe('windows-1252');
    expect(detectEncoding(Buffer.from('plain ascii', 'utf8'))).toBe('utf-8');
  });
  it('is not fooled by a UTF-8 character cut at the end of the sample', () => {
    const bytes = Buffer.from('nome;João', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 2))).toBe('utf-8');
  });
});
