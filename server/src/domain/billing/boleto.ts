/**
 * FEBRABAN boleto: the 44-digit barcode and the 47-digit typed line ("linha digitável").
 *
 * Barcode: bank(3) currency "9"(1) general check digit(1) due-date factor(4) amount in centavos(10)
 * free field(25, the bank's). The general check digit is modulo 11 over the other 43 digits (weights 2..9
 * from the right; results 0, 10 and 11 become 1). Typed line: three fields carrying the bank, currency and
 * the free field, each with a modulo-10 check digit, then the general check digit, then factor + amount.
 * The due-date factor counts days since 07/10/1997 and wrapped on 22/02/2025 (9999 → 1000).
 */

const BASE_DATE = Date.UTC(1997, 9, 7);
const WRAP_DATE = Date.UTC(2025, 1, 22); // factor 1000 again
const DAY = 86_400_000;

/** The due-date factor (4 digits) for an ISO date. */
export function dueDateFactor(isoDate: string): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  const days = Math.round((t - BASE_DATE) / DAY);
  if (t < WRAP_DATE) {
    if (days < 1000) throw new Error(`due date ${isoDate} is before the first factor (03/07/2000)`);
    return String(days);
  }
  return String(((days - 1000) % 9000) + 1000);
}

/** The due date of a factor: of the dates it can stand for, the one nearest `today`. */
export function dateOfFactor(factor: string, todayIso: string): string {
  const f = Number(factor);
  const today = Date.parse(`${todayIso}T00:00:00Z`);
  let best = 0;
  for (let cycle = 0; cycle < 4; cycle++) {
    const t = BASE_DATE + (f + cycle * 9000) * DAY;
    if (cycle === 0 && t >= WRAP_DATE) continue;
    if (best === 0 || Math.abs(t - today) < Math.abs(best - today)) best = t;
  }
  return new Date(best).toISOString().slice(0, 10);
}

export function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const p = Number(digits[i]) * weight;
    sum += p > 9 ? Math.floor(p / 10) + (p % 10) : p;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

export function mod11Boleto(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

export interface BoletoInput {
  /** FEBRABAN bank code, 3 digits. */
  bank: string;
  dueDate: string;
  amountCents: number;
  /** The bank's 25-digit free field (agreement, our number, ...). */
  freeField: string;
}

export interface Boleto {
  barcode: string;
  typedLine: string;
  /** The typed line as printed: "AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE". */
  typedLineFormatted: string;
}

export function makeBoleto(b: BoletoInput): Boleto {
  if (!/^\d{3}$/.test(b.bank)) throw new Error('bank: 3 digits');
  if (!/^\d{25}$/.test(b.freeField)) throw new Error('freeField: 25 digits');
  if (!Number.isInteger(b.amountCents) || b.amountCents < 0 || b.amountCents > 99_999_999_99) throw new Error('amountCents: 0 to 9,999,999,999');
  const factor = dueDateFactor(b.dueDate);
  const amount = String(b.amountCents).padStart(10, '0');
  const withoutDv = `${b.bank}9${factor}${amount}${b.freeField}`;
  const dv = mod11Boleto(withoutDv);
  const barcode = `${b.bank}9${dv}${factor}${amount}${b.freeField}`;
  return { barcode, ...typedLineOf(barcode) };
}

/** The typed line of a 44-digit barcode. */
export function typedLineOf(barcode: string): { typedLine: string; typedLineFormatted: string } {
  if (!/^\d{44}$/.test(barcode)) throw new Error('barcode: 44 digits');
  const free = barcode.slice(19);
  const f1 = barcode.slice(0, 4) + free.slice(0, 5);
  const f2 = free.slice(5, 15);
  const f3 = free.slice(15, 25);
  const d1 = `${f1}${mod10(f1)}`;
  const d2 = `${f2}${mod10(f2)}`;
  const d3 = `${f3}${mod10(f3)}`;
  const d4 = barcode[4]!;
  const d5 = barcode.slice(5, 19);
  return {
    typedLine: d1 + d2 + d3 + d4 + d5,
    typedLineFormatted: `${d1.slice(0, 5)}.${d1.slice(5)} ${d2.slice(0, 5)}.${d2.slice(5)} ${d3.slice(0, 5)}.${d3.slice(5)} ${d4} ${d5}`,
  };
}

/** Checks a 44-digit barcode's general check digit. */
export function isValidBarcode(barcode: string): boolean {
  return /^\d{44}$/.test(barcode) && mod11Boleto(barcode.slice(0, 4) + barcode.slice(5)) === Number(barcode[4]);
}

/** Interleaved 2 of 5 bar widths for the barcode (n = narrow, w = wide), bars and spaces alternating. */
export function itf(barcode: string): string {
  const PATTERNS = ['nnwwn', 'wnnnw', 'nwnnw', 'wwnnn', 'nnwnw', 'wnwnn', 'nwwnn', 'nnnww', 'wnnwn', 'nwnwn'];
  let out = 'nnnn'; // start: bar space bar space, all narrow
  for (let i = 0; i < barcode.length; i += 2) {
    const bars = PATTERNS[Number(barcode[i])]!;
    const spaces = PATTERNS[Number(barcode[i + 1])]!;
    for (let k = 0; k < 5; k++) out += bars[k]! + spaces[k]!;
  }
  return `${out}wnn`; // stop: wide bar, narrow space, narrow bar
}
