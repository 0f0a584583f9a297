import type { Migration } from './index';

/** Súmula 548: when the creditor actually asked the bureaus to remove the debtor (the deadline is tracked until then). */
export const bureauRemoval: Migration = {
  version: 8,
  name: 'bureau removal done',
  sql: `
ALTER TABLE payments ADD COLUMN bureau_removal_done_at INTEGER;
ALTER TABLE payments ADD COLUMN bureau_removal_done_by INTEGER REFERENCES users(id);
CREATE INDEX payments_bureau_pending ON payments(bureau_removal_due) WHERE bureau_removal_due IS NOT NULL AND bureau_removal_done_at IS NULL;
`,
};
