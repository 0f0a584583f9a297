import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf } from '../../shared/document';
import { normalizePhone } from '../../shared/phone';
import { seededRng } from '../../server/src/domain/random';
import { FIXTURES, mailingTestStore } from '../support/mailing-store';

/**
 * Random and damaged input must never crash the importer nor let an invalid value into the database:
 * seeded (reproducible) mutations of real fixtures plus pure random bytes.
 */
let t: Awaited<ReturnType<typeof mailingTestStore>>;
beforeAll(async () => {
  t = await mailingTestStore();
});
afterAll(async () => {
  await t.close();
});

const seeds = fs.readdirSync(path.join(FIXTURES, 'good')).map((f) => fs.readFileSync(path.join(FIXTURES, 'good', f)));
const NASTY = [0x22, 0x3b, 0x2c, 0x09, 0x0a, 0x0d, 0x00, 0xff, 0xc3, 0x80, 0xef, 0xbb, 0xbf, 0x30, 0x39];

function mutate(rng: () => number, input: Buffer): Buffer {
  const bytes = [...input];
  const edits = 1 + Math.floor(rng() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rng() * (bytes.length + 1));
    const op = rng();
    if (op < 0.3) bytes.splice(at, 1);
    else if (op < 0.6) bytes.splice(at, 0, NASTY[Math.floor(rng() * NASTY.length)]!);
    else if (op < 0.8) bytes[at] = Math.floor(rng() * 256);
    else bytes.length = Math.max(0, at); // truncate
  }
  return Buffer.from(bytes);
}

describe('importer fuzz', () => {
  it('survives 300 damaged and random files; only valid data is ever stored', async () => {
    const rng = seededRng(20261122);
    const file = path.join(t.dir, 'fuzz.csv');
    let completed = 0;
    for (let i = 0; i < 300; i++) {
      const input = i % 5 === 4
        ? Buffer.from(Array.from({ length: Math.floor(rng() * 2000) }, () => Math.floor(rng() * 256)))
        : mutate(rng, seeds[i % seeds.length]!);
      fs.writeFileSync(file, input);
      const result = await t.run({ filePath: file, mode: (['append', 'update', 'new', 'remove'] as const)[i % 4]!, confirmDuplicate: true });
      if (result.ok) {
        completed++;
        const { counts } = result.data;
        expect(counts.rowsImported + counts.rowsRejected, `iteration ${i}`).toBe(counts.rowsTotal);
      } else {
        expect(['bad_request', 'conflict', 'not_found'], `iteration ${i}: ${result.error.message}`).toContain(result.error.code);
      }
    }
    expect(completed).toBeGreaterThan(50);
    for (const d of t.peek.prepare('SELECT document_kind, document FROM debtors').all() as { document_kind: string; document: string }[]) {
      expect(d.document_kind === 'cpf' ? isValidCpf(d.document) : isValidCnpj(d.document), d.document).toBe(true);
    }
    for (const p of t.peek.prepare('SELECT e164 FROM phones').pluck().all() as string[]) {
      const parsed = normalizePhone(p);
      expect(parsed.ok && parsed.phone.e164, p).toBe(p);
    }
    const badContracts = t.peek.prepare("SELECT COUNT(*) FROM contracts WHERE original_amount_cents <= 0 OR due_date NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'").pluck().get();
    expect(badContracts).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM imports WHERE status = 'running'")).toBe(0);
  });
});
