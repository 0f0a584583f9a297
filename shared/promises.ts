import type { DefaultReason } from './dialer';

/** A promise to pay as the console shows it on the debtor's card. */
export interface PromiseView {
  id: number;
  amountCents: number;
  /** Brasília date YYYY-MM-DD. */
  dueDate: string;
  status: 'open' | 'kept' | 'broken';
  defaultReason: DefaultReason | null;
  createdAt: number;
  settledAt: number | null;
}
