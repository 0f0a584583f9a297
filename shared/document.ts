/**
 * CPF (people) and CNPJ (companies) check digits.
 * CNPJ accepts the alphanumeric form the Receita Federal issues from July 2026: 12 characters [0-9A-Z]
 * followed by 2 numeric check digits; each character counts as (ASCII code − 48), so digits keep
 * their old value and old numeric CNPJs validate unchanged.
 */

export type DocumentKind = 'cpf' | 'cnpj';

export function onlyDigits(value: string): string {
  // runs of digits joined, not value.replace(/\D/g, ''): it runs on every line of a mailing import
  let digits = '';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) {
      if (i > run) digits += value.slice(run, i);
      run = i + 1;
    }
  }
  return run === 0 ? value : digits + value.slice(run);
}

function mod11CheckDigit(values: number[], weights: number[]): number {
  const sum = values.reduce((acc, v, i) => acc + v * weights[i]!, 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** The CPF check digit over its first `count` digits (weights count + 1 down to 2); no arrays: imports check every line. */
function cpfCheckDigit(cpf: string, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (cpf.charCodeAt(i) - 48) * (count + 1 - i);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

export function isValidCpf(input: string): boolean {
  const cpf = onlyDigits(input);
  if (cpf.length !== 11) return false;
  let repeated = true; // 111.111.111-11 and the like pass the check digits but are not CPFs
  for (let i = 1; i < 11 && repeated; i++) repeated = cpf[i] === cpf[0];
  return !repeated && cpf.charCodeAt(9) - 48 === cpfCheckDigit(cpf, 9) && cpf.charCodeAt(10) - 48 === cpfCheckDigit(cpf, 10);
}

/** Uppercase, without dots, slashes and dashes. */
export function normalizeCnpj(input: string): string {
  return input.toUpperCase().replace(/[.\-/\s]/g, '');
}

const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

export function cnpjCheckDigits(base12: string): string {
  const values = [...base12].map((c) => c.charCodeAt(0) - 48);
  const dv1 = mod11CheckDigit(values, CNPJ_W1);
  const dv2 = mod11CheckDigit([...values, dv1], CNPJ_W2);
  return `${dv1}${dv2}`;
}

export function isValidCnpj(input: string): boolean {
  const cnpj = normalizeCnpj(input);
  if (!/^[0-9A-Z]{12}[0-9]{2}$/.test(cnpj) || /^(.)\1{13}$/.test(cnpj)) return false;
  return cnpj.slice(12) === cnpjCheckDigits(cnpj.slice(0, 12));
}

export function cpfCheckDigits(base9: string): string {
  const d = [...base9].map(Number);
  const dv1 = mod11CheckDigit(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const dv2 = mod11CheckDigit([...d, dv1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${dv1}${dv2}`;
}

export function formatCpf(cpf: string): string {
  const d = onlyDigits(cpf);
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9, 11)}`;
}

/** LGPD: lists and logs show only the middle digits ("***.456.789-**"). */
export function maskCpf(cpf: string): string {
  const d = onlyDigits(cpf);
  if (d.length !== 11) return '***';
  return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
}

/** "12.ABC.345/01DE-35": a normalized CNPJ as people read it (a company's CNPJ is public, not masked). */
export function formatCnpj(cnpj: string): string {
  const c = normalizeCnpj(cnpj);
  if (c.length !== 14) return c;
  return `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12)}`;
}

export function maskCnpj(cnpj: string): string {
  const c = normalizeCnpj(cnpj);
  if (c.length !== 14) return '***';
  return `**.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-**`;
}

export function maskDocument(kind: DocumentKind, value: string): string {
  return kind === 'cpf' ? maskCpf(value) : maskCnpj(value);
}
