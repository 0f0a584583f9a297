import type { Creditor, CreditorCreate, CreditorPatch, Portfolio, PortfolioCreate } from '../../../shared/creditors';
import type { Result } from '../../../shared/result';

/** Creditors and their portfolios. Duplicates (CNPJ; a portfolio name within its creditor) → 'conflict' naming the field. */
export interface CreditorStore {
  /** Every creditor with its portfolios, by name. */
  list(): Promise<Creditor[]>;
  create(creditor: CreditorCreate): Promise<Result<Creditor>>;
  update(id: number, patch: CreditorPatch): Promise<Result<Creditor>>;
  createPortfolio(portfolio: PortfolioCreate, at: number): Promise<Result<Portfolio>>;
}
