import fs from 'node:fs';
import { cpfCheckDigits } from '../../shared/document';
import { DDD_UF } from '../../shared/phone';
import { seededRng, pick, randomInt } from '../../server/src/domain/random';

export const MAILING_HEADER = ['documento', 'nome', 'data_nascimento', 'contrato', 'produto', 'valor', 'vencimento', 'telefone1', 'telefone2', 'telefone3', 'email', 'logradouro', 'bairro', 'cidade', 'uf', 'cep'];

const FIRST = ['Ana', 'Maria', 'José', 'João', 'Antônio', 'Francisca', 'Carlos', 'Paulo', 'Luíza', 'Conceição'];
const LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Gonçalves', 'Araújo', 'Ribeiro', 'Conceição', 'Lima', 'Gomes'];
const DDDS = Object.keys(DDD_UF);

export interface GeneratedMailing {
  rows: number;
  /** Lines built to be rejected (invalid CPF, amount, date, column count). */
  badRows: number;
  /** Lines imported with a phone left out (DDD that does not exist). */
  warnRows: number;
  bytes: number;
}

/**
 * Writes a realistic mailing: ';'-separated, decimal comma, dd/mm/yyyy, three phones a line, about 1 in 8
 * debtors on two lines (two contracts), and a share of bad lines. Streams to disk: memory stays flat.
 */
export async function writeMailing(file: string, rows: number, options: { seed?: number; badShare?: number; encoding?: 'utf-8' | 'windows-1252'; order?: 'sorted' | 'shuffled' } = {}): Promise<GeneratedMailing> {
  const rng = seededRng(options.seed ?? 42);
  const badShare = options.badShare ?? 0.03;
  const out = fs.createWriteStream(file);
  const encode = (s: string) => (options.encoding === 'windows-1252' ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8'));
  let buffer = `${MAILING_HEADER.join(';')}\r\n`;
  let badRows = 0;
  let warnRows = 0;
  let bytes = 0;
  // 'sorted': CPFs and contract numbers ascend with the file (every unique-key insert is an append);
  // 'shuffled': the n-th of each is scattered over 2^29 values (odd multiplier: no two collide), as in
  // files exported in another order than the key's
  const scatter = options.order === 'shuffled' ? (n: number) => (n * 387_420_489) % 2 ** 29 : (n: number) => n;
  let debtorNumber = 0;
  let contractNumber = 1;
  let current: { cpf: string; name: string; birth: string } | null = null;
  const flush = async () => {
    const chunk = encode(buffer);
    bytes += chunk.length;
    buffer = '';
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  for (let i = 0; i < rows; i++) {
    if (!current || rng() > 0.12) {
      const base = String(100_000_000 + scatter(debtorNumber++)).padStart(9, '0');
      current = {
        cpf: base + cpfCheckDigits(base),
        name: `${pick(rng, FIRST)} ${pick(rng, LAST)} ${pick(rng, LAST)}`,
        birth: `${String(randomInt(rng, 1, 28)).padStart(2, '0')}/${String(randomInt(rng, 1, 12)).padStart(2, '0')}/${randomInt(rng, 1950, 2004)}`,
      };
    }
    const ddd = pick(rng, DDDS);
    const uf = DDD_UF[ddd]!;
    const phone = () => `(${ddd}) 9${randomInt(rng, 6000, 9999)}-${String(randomInt(rng, 0, 9999)).padStart(4, '0')}`;
    const cents = randomInt(rng, 5000, 5_000_000);
    const reais = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const fields = [
      current.cpf, current.name, current.birth, `CT${String(scatter(contractNumber++)).padStart(9, '0')}`, 'Cartão de crédito',
      `${reais},${String(cents % 100).padStart(2, '0')}`,
      `${String(randomInt(rng, 1, 28)).padStart(2, '0')}/${String(randomInt(rng, 1, 12)).padStart(2, '0')}/${randomInt(rng, 2019, 2025)}`,
      phone(), phone(), `${ddd}3${randomInt(rng, 100, 999)}${String(randomInt(rng, 0, 9999)).padStart(4, '0')}`,
      rng() < 0.5 ? `cliente${i}@exemplo.com.br` : '', 'Rua "das Flores", 10', 'Centro', 'São Paulo', uf, '01000-000',
    ];
    const r = rng();
    if (r < badShare) {
      badRows++;
      const kind = randomInt(rng, 0, 3);
      if (kind === 0) fields[0] = `${current.cpf.slice(0, 10)}${(Number(current.cpf[10]) + 1) % 10}`;
      else if (kind === 1) fields[5] = 'mil reais';
      else if (kind === 2) fields[6] = '31/02/2024';
      else fields.pop();
      if (kind === 0) current = null; // the bad CPF line does not start a debtor the next line continues
    } else if (r < badShare + 0.02) {
      warnRows++;
      fields[8] = '(20) 98765-4321';
    }
    buffer += fields.map((f) => (/[;"\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';') + '\r\n';
    if (buffer.length > 1 << 20) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { rows, badRows, warnRows, bytes };
}
