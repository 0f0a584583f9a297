import type { Migration } from './index';

/** Installments paid by Pix (cobv charges registered at a PSP, or the static code) and by webhooks naming them. */
export const installmentPayments: Migration = {
  version: 11,
  name: 'installment payments',
  sql: `
-- the txid of the installment's Pix: a cobv charge registered at the PSP, or the static code's
ALTER TABLE agreement_installments ADD COLUMN pix_txid TEXT;
ALTER TABLE agreement_installments ADD COLUMN pix_kind TEXT CHECK (pix_kind IN ('static', 'cobv'));
-- what was paid so far (a partial payment leaves the installment open)
ALTER TABLE agreement_installments ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0);
CREATE UNIQUE INDEX agreement_installments_txid ON agreement_installments(pix_txid) WHERE pix_txid IS NOT NULL;

-- how a payment went to an agreement's installment (instead of to contracts)
CREATE TABLE installment_payments (
  payment_id   INTEGER NOT NULL REFERENCES payments(id),
  agreement_id INTEGER NOT NULL,
  number       INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  PRIMARY KEY (payment_id, agreement_id, number),
  FOREIGN KEY (agreement_id, number) REFERENCES agreement_installments(agreement_id, number)
) WITHOUT ROWID;
CREATE INDEX installment_payments_installment ON installment_payments(agreement_id, number);

-- a Pix the PSP reports again (its webhook retries) is kept for reconciliation once
CREATE UNIQUE INDEX payment_rejections_pix ON payment_rejections(source, external_id) WHERE source = 'pix';
`,
};
