import type { TextEncodingName } from '../../../../shared/mailing';

/**
 * Streaming CSV parser (RFC 4180 plus what Brazilian exports really contain): any one-character
 * delimiter, quoted fields with embedded delimiters, quotes ("") and newlines, CRLF / LF / CR line ends,
 * blank lines skipped. Text is pushed in chunks of any size; memory is bounded by MAX_RECORD_CHARS.
 */
export interface CsvRecord {
  /** Physical line where the record starts (1-based), as a spreadsheet shows it. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are then what could be read. */
  error?: 'unclosed_quote' | 'text_after_quote' | 'record_too_long';
}

/** A record longer than this is reported and skipped instead of being buffered without end. */
export const MAX_RECORD_CHARS = 64 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private carry = '';
  private line = 1;
  private skippingLongRecord = false;
  private readonly delim: number;

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`invalid delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delim = delimiter.charCodeAt(0);
  }

  /** Parses what it can; an unfinished last record waits for the next chunk. */
  push(chunk: string, out: CsvRecord[]): void {
    this.parse(this.carry + chunk, false, out);
  }

  /** End of input: the last record is complete (or malformed). */
  end(out: CsvRecord[]): void {
    this.parse(this.carry, true, out);
    this.carry = '';
  }

  private parse(s: string, final: boolean, out: CsvRecord[]): void {
    const n = s.length;
    let pos = 0;
    if (this.skippingLongRecord) {
      const nl = nextLineEnd(s, 0);
      if (nl < 0) {
        this.carry = '';
        return;
      }
      this.skippingLongRecord = false;
      pos = nl;
      this.line++;
    }
    while (pos < n) {
      const start = pos;
      const startLine = this.line;
      let lines = 0;
      const fields: string[] = [];
      let error: CsvRecord['error'];
      let complete = false;
      // one record
      for (;;) {
        if (pos >= n) break; // unfinished (or final: ends without a newline)
        if (s.charCodeAt(pos) === QUOTE) {
          // quoted field
          let value = '';
          let from = pos + 1;
          let i = from;
          let closed = false;
          while (i < n) {
            const q = s.indexOf('"', i);
            if (q < 0) {
              i = n;
              break;
            }
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(from, q + 1);
              i = from = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) {
              i = n; // cannot tell "" from " yet
              break;
            }
            value += s.slice(from, q);
            i = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) break;
            value += s.slice(from, n);
            lines += countLineEnds(s, pos, n);
            error = 'unclosed_quote';
            fields.push(value);
            pos = n;
            complete = true;
            break;
          }
          lines += countLineEnds(s, pos, i);
          pos = i;
          // after the closing quote: a delimiter, a line end, or (malformed) more text up to one of those
          if (pos < n && s.charCodeAt(pos) !== this.delim && s.charCodeAt(pos) !== LF && s.charCodeAt(pos) !== CR) {
            const stop = nextFieldEnd(s, pos, this.delim);
            if (stop < 0 && !final) break;
            const end = stop < 0 ? n : stop;
            value += s.slice(pos, end);
            pos = end;
            error = 'text_after_quote';
          }
          fields.push(value);
        } else {
          const stop = nextFieldEnd(s, pos, this.delim);
          if (stop < 0) {
            if (!final) break;
            fields.push(s.slice(pos, n));
            pos = n;
            complete = true;
            break;
          }
          fields.push(s.slice(pos, stop));
          pos = stop;
        }
        // pos is at a delimiter, a line end, or the end of the text
        if (pos >= n) {
          if (final) complete = true;
          break;
        }
        const c = s.charCodeAt(pos);
        if (c === this.delim) {
          pos++;
          if (pos >= n && final) {
            fields.push('');
            complete = true;
            break;
          }
          continue;
        }
        // line end
        if (c === CR) {
          if (pos + 1 >= n && !final) break; // a LF may follow in the next chunk
          pos += pos + 1 < n && s.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else {
          pos++;
        }
        lines++;
        complete = true;
        break;
      }
      if (!complete) {
        this.carry = s.slice(start);
        if (this.carry.length > MAX_RECORD_CHARS) {
          out.push({ line: startLine, fields: [], error: 'record_too_long' });
          this.carry = '';
          this.skippingLongRecord = true;
        }
        return;
      }
      this.line = startLine + lines;
      if (pos - start > MAX_RECORD_CHARS) {
        out.push({ line: startLine, fields: [], error: 'record_too_long' });
        continue;
      }
      const blank = fields.length === 1 && fields[0] === '' && error === undefined;
      if (!blank) out.push(error ? { line: startLine, fields, error } : { line: startLine, fields });
    }
    this.carry = '';
  }
}

function nextFieldEnd(s: string, from: number, delim: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === delim || c === LF || c === CR) return i;
  }
  return -1;
}

function nextLineEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return i + 1 < s.length && s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return -1;
}

function countLineEnds(s: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) lines++;
    else if (c === CR && !(i + 1 < to && s.charCodeAt(i + 1) === LF)) lines++;
  }
  return lines;
}

/** The delimiter used by a header line: the most frequent of ; , and tab outside quotes. */
export function detectDelimiter(headerLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as [';' | ',' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ';';
}

export type { TextEncodingName };

/**
 * UTF-8 (with or without BOM) or Windows-1252 (which also reads ISO-8859-1's printable range), decided on
 * a sample: bytes that are not valid UTF-8 mean a legacy Windows export.
 */
export function detectEncoding(sample: Uint8Array): TextEncodingName {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // a sample may end in the middle of a multi-byte character: drop an incomplete tail
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back]!;
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (back < need) end -= back;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}
