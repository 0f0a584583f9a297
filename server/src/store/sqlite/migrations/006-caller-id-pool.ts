import type { Migration } from './index';

/** Caller-ID pool management: a daily cap and a national-fallback flag per number, and per-day figures. */
export const callerIdPool: Migration = {
  version: 6,
  name: 'caller-id pool',
  sql: `
ALTER TABLE caller_ids ADD COLUMN daily_cap INTEGER NOT NULL DEFAULT 200 CHECK (daily_cap > 0);
ALTER TABLE caller_ids ADD COLUMN fallback INTEGER NOT NULL DEFAULT 0 CHECK (fallback IN (0, 1));

CREATE TABLE caller_id_daily (
  e164         TEXT NOT NULL,
  -- Brasília date, YYYY-MM-DD
  day          TEXT NOT NULL,
  calls        INTEGER NOT NULL DEFAULT 0,
  answers      INTEGER NOT NULL DEFAULT 0,
  short_calls  INTEGER NOT NULL DEFAULT 0,
  rested_until INTEGER NOT NULL DEFAULT 0,
  rest_reason  TEXT,
  PRIMARY KEY (e164, day)
) WITHOUT ROWID;
`,
};
