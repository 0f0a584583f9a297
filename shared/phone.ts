import { onlyDigits } from './document';

/**
 * Brazilian phone numbers: E.164 "+55" + DDD (2 digits) + subscriber (8 fixed starting 2–5,
 * 9 mobile starting 9). An 8-digit number starting 6–9 is an old-format mobile: the 9th digit is added.
 */

export const UFS = [
  'AC', 'AL', 'AM', 'AP', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MG', 'MS', 'MT', 'PA', 'PB', 'PE', 'PI',
  'PR', 'RJ', 'RN', 'RO', 'RR', 'RS', 'SC', 'SE', 'SP', 'TO',
] as const;
export type Uf = (typeof UFS)[number];

/** The 67 DDDs in use and their main UF (Anatel's national codes table). */
export const DDD_UF: Readonly<Record<string, Uf>> = {
  '11': 'SP', '12': 'SP', '13': 'SP', '14': 'SP', '15': 'SP', '16': 'SP', '17': 'SP', '18': 'SP', '19': 'SP',
  '21': 'RJ', '22': 'RJ', '24': 'RJ', '27': 'ES', '28': 'ES',
  '31': 'MG', '32': 'MG', '33': 'MG', '34': 'MG', '35': 'MG', '37': 'MG', '38': 'MG',
  '41': 'PR', '42': 'PR', '43': 'PR', '44': 'PR', '45': 'PR', '46': 'PR', '47': 'SC', '48': 'SC', '49': 'SC',
  '51': 'RS', '53': 'RS', '54': 'RS', '55': 'RS',
  '61': 'DF', '62': 'GO', '64': 'GO', '63': 'TO', '65': 'MT', '66': 'MT', '67': 'MS', '68': 'AC', '69': 'RO',
  '71': 'BA', '73': 'BA', '74': 'BA', '75': 'BA', '77': 'BA', '79': 'SE',
  '81': 'PE', '87': 'PE', '82': 'AL', '83': 'PB', '84': 'RN', '85': 'CE', '88': 'CE', '86': 'PI', '89': 'PI',
  '91': 'PA', '93': 'PA', '94': 'PA', '92': 'AM', '97': 'AM', '95': 'RR', '96': 'AP', '98': 'MA', '99': 'MA',
};

export type PhoneKind = 'mobile' | 'fixed';

export interface NormalizedPhone {
  e164: string;
  ddd: string;
  uf: Uf;
  kind: PhoneKind;
}

export type PhoneParseResult =
  | { ok: true; phone: NormalizedPhone }
  | { ok: false; reason: 'empty' | 'length' | 'country' | 'unknown_ddd' | 'subscriber' };

export function normalizePhone(input: string): PhoneParseResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let digits = onlyDigits(trimmed);
  if (trimmed.startsWith('+')) {
    if (!digits.startsWith('55')) return { ok: false, reason: 'country' };
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    // trunk prefix "0", optionally followed by a 2-digit carrier selection code ("0 21 11 9…")
    digits = digits.length === 13 || digits.length === 14 ? digits.slice(3) : digits.slice(1);
  } else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    digits = digits.slice(2);
  }
  if (digits.length !== 10 && digits.length !== 11) return { ok: false, reason: 'length' };
  const ddd = digits.slice(0, 2);
  const uf = DDD_UF[ddd];
  if (!uf) return { ok: false, reason: 'unknown_ddd' };
  let subscriber = digits.slice(2);
  let kind: PhoneKind;
  if (subscriber.length === 9) {
    if (subscriber[0] !== '9') return { ok: false, reason: 'subscriber' };
    kind = 'mobile';
  } else if (subscriber[0]! >= '2' && subscriber[0]! <= '5') {
    kind = 'fixed';
  } else if (subscriber[0]! >= '6') {
    subscriber = `9${subscriber}`;
    kind = 'mobile';
  } else {
    return { ok: false, reason: 'subscriber' };
  }
  return { ok: true, phone: { e164: `+55${ddd}${subscriber}`, ddd, uf, kind } };
}

/** LGPD: "(11) *****-4321": area code and last four digits only. */
export function maskPhone(e164: string): string {
  const m = /^\+55(\d{2})(\d{8,9})$/.exec(e164);
  if (!m) return '***';
  const [, ddd, sub] = m as unknown as [string, string, string];
  return `(${ddd}) ${'*'.repeat(sub.length - 4)}-${sub.slice(-4)}`;
}
