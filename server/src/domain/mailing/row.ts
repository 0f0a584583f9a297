import { isValidCnpj, isValidCpf, normalizeCnpj, onlyDigits, type DocumentKind } from '../../../../shared/document';
import { normalizePhone, UFS, type NormalizedPhone, type PhoneParseResult } from '../../../../shared/phone';
import type { RowProblem } from '../../../../shared/mailing';
import type { CanonicalField, ImportMode, ResolvedColumns } from './layout';
import { cleanText, isPlausibleEmail, parseAmountCents, parseDate } from './values';

/** One line of a mailing, validated: what the store writes. */
export interface MailingRow {
  line: number;
  documentKind: DocumentKind;
  document: string;
  name: string;
  birthDate: string | null;
  contract: { number: string; product: string; amountCents: number; dueDate: string } | null;
  phones: NormalizedPhone[];
  email: string | null;
  address: { street: string; district: string | null; city: string; uf: string; zip: string | null } | null;
}

export type { RowProblem };

export type RowResult =
  | { ok: true; row: MailingRow; warnings: RowProblem[] }
  | { ok: false; problems: RowProblem[] };

const PHONE_REASON: Record<Exclude<PhoneParseResult, { ok: true }>['reason'], string> = {
  empty: 'telefone vazio',
  length: 'telefone com quantidade de dígitos inválida (esperado DDD + 8 ou 9 dígitos)',
  country: 'telefone de outro país',
  unknown_ddd: 'DDD inexistente',
  subscriber: 'número de assinante inválido para o DDD',
};

export const CSV_ERROR_REASON = {
  unclosed_quote: 'aspas abertas e não fechadas',
  text_after_quote: 'texto depois de fechar aspas',
  record_too_long: 'linha longa demais (mais de 64 mil caracteres)',
} as const;

/**
 * Whether uppercasing can give a letter A–Z (the alphanumeric CNPJ): an ASCII letter or any non-ASCII
 * character ("ß" → "SS"). Most documents are digits and punctuation: they skip normalizeCnpj's regex.
 */
function mayHaveLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20; // lowercase, for ASCII letters
    if (s.charCodeAt(i) >= 0x80 || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

const UF_SET: ReadonlySet<string> = new Set(UFS);

function hasPhone(phones: readonly NormalizedPhone[], e164: string): boolean {
  for (const p of phones) if (p.e164 === e164) return true;
  return false;
}

/** Validates a parsed line against the layout. Problems carry the header name, the value and a pt-BR reason. */
export function validateRow(line: number, fields: readonly string[], headers: readonly string[], columns: ResolvedColumns, mode: ImportMode): RowResult {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const get = (f: CanonicalField): string => {
    const i = columns.fields[f];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const col = (f: CanonicalField) => headers[columns.fields[f]!] ?? f;
  const problem = (f: CanonicalField, value: string, reason: string) => problems.push({ column: col(f), value, reason });

  // document: CPF (11 digits) or CNPJ (14, alphanumeric allowed); exports often drop leading zeros
  const rawDoc = get('documento');
  let documentKind: DocumentKind = 'cpf';
  let document = '';
  const cnpj = mayHaveLetters(rawDoc) ? normalizeCnpj(rawDoc) : '';
  if (rawDoc === '') problem('documento', rawDoc, 'CPF/CNPJ vazio');
  else if (/[A-Z]/.test(cnpj)) {
    if (isValidCnpj(cnpj)) [documentKind, document] = ['cnpj', cnpj];
    else problem('documento', rawDoc, 'CNPJ inválido (dígitos verificadores não conferem)');
  } else {
    const digits = onlyDigits(rawDoc);
    const cpf = digits.length === 11 ? digits : digits.padStart(11, '0');
    if (digits.length <= 11 && isValidCpf(cpf)) document = cpf;
    else if (digits.length > 11 && digits.length <= 14 && isValidCnpj(digits.padStart(14, '0'))) [documentKind, document] = ['cnpj', digits.padStart(14, '0')];
    else problem('documento', rawDoc, digits.length <= 11 ? 'CPF inválido (dígitos verificadores não conferem)' : 'CNPJ inválido (dígitos verificadores não conferem)');
  }

  if (mode === 'remove') {
    const number = get('contrato');
    if (problems.length) return { ok: false, problems };
    return {
      ok: true,
      warnings,
      row: { line, documentKind, document, name: '', birthDate: null, contract: number ? { number, product: '', amountCents: 0, dueDate: '' } : null, phones: [], email: null, address: null },
    };
  }

  const name = cleanText(get('nome'));
  if (name === '') problem('nome', '', 'nome vazio');
  else if (name.length > 200) problem('nome', name.slice(0, 40), 'nome com mais de 200 caracteres');

  const rawBirth = get('data_nascimento');
  const birthDate = rawBirth ? parseDate(rawBirth) : null;
  if (rawBirth && !birthDate) problem('data_nascimento', rawBirth, 'data de nascimento inválida (use dd/mm/aaaa ou aaaa-mm-dd)');

  const number = get('contrato');
  if (number === '') problem('contrato', '', 'número do contrato vazio');
  else if (number.length > 60) problem('contrato', number.slice(0, 40), 'número do contrato com mais de 60 caracteres');

  const rawAmount = get('valor');
  const amountCents = parseAmountCents(rawAmount);
  if (amountCents === null) problem('valor', rawAmount, 'valor inválido (use 1.234,56 ou 1234.56)');
  else if (amountCents <= 0) problem('valor', rawAmount, 'valor deve ser maior que zero');

  const rawDue = get('vencimento');
  const dueDate = parseDate(rawDue);
  if (!dueDate) problem('vencimento', rawDue, 'data de vencimento inválida (use dd/mm/aaaa ou aaaa-mm-dd)');

  const phones: NormalizedPhone[] = []; // a line has a few: an array costs the garbage collector less than a Map
  for (const i of columns.phones) {
    const raw = (fields[i] ?? '').trim();
    if (raw === '') continue;
    const parsed = normalizePhone(raw);
    if (!parsed.ok) warnings.push({ column: headers[i] ?? 'telefone', value: raw, reason: PHONE_REASON[parsed.reason] });
    else if (!hasPhone(phones, parsed.phone.e164)) phones.push(parsed.phone); // duplicates within the line merge
  }
  if (phones.length === 0 && warnings.length === 0) warnings.push({ column: 'telefone', value: '', reason: 'nenhum telefone informado' });

  const rawEmail = get('email');
  const email = rawEmail && isPlausibleEmail(rawEmail) ? rawEmail.toLowerCase() : null;
  if (rawEmail && !email) warnings.push({ column: col('email'), value: rawEmail, reason: 'e-mail inválido (ignorado)' });

  const uf = get('uf').toUpperCase();
  const city = cleanText(get('cidade'));
  const street = cleanText(get('logradouro'));
  if (uf && !UF_SET.has(uf)) problem('uf', uf, 'UF inexistente');

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    warnings,
    row: {
      line,
      documentKind,
      document,
      name,
      birthDate,
      contract: { number, product: cleanText(get('produto')) || 'não informado', amountCents: amountCents!, dueDate: dueDate! },
      phones,
      email,
      address: street && city && uf ? { street, district: cleanText(get('bairro')) || null, city, uf, zip: onlyDigits(get('cep')) || null } : null,
    },
  };
}
