import type { Brand } from './ids';

/** Money is always an integer number of centavos. Never a binary float of reais. */
export type Centavos = Brand<number, 'Centavos'>;

export function centavos(value: number): Centavos {
  if (!Number.isSafeInteger(value)) throw new RangeError(`centavos must be a safe integer, got ${value}`);
  return value as Centavos;
}

/** "R$ 1.234,56" (pt-BR) built from integer arithmetic, so no rounding can creep in. */
export function formatBRL(amount: Centavos): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const reais = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}R$ ${reais},${cents}`;
}
