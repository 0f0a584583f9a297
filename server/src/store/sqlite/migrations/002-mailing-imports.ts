import type { Migration } from './index';

/** Mailing imports: saved column layouts, one row per import (a unit), and its rejected lines. */
export const mailingImports: Migration = {
  version: 2,
  name: 'mailing imports',
  sql: `
CREATE TABLE import_layouts (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  -- JSON: { canonical field: source header }
  mapping    TEXT NOT NULL,
  encoding   TEXT,
  delimiter  TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);

CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES campaigns(id),
  mode          TEXT NOT NULL CHECK (mode IN ('new', 'append', 'update', 'remove')),
  file_name     TEXT NOT NULL,
  file_sha256   TEXT NOT NULL,
  file_bytes    INTEGER NOT NULL,
  encoding      TEXT NOT NULL,
  delimiter     TEXT NOT NULL,
  -- JSON array of the file's header, for the rejections download
  header        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  rows_total    INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  -- JSON: debtors/contracts/phones created and updated, members added/removed
  summary       TEXT,
  error         TEXT,
  user_id       INTEGER REFERENCES users(id),
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX imports_sha ON imports(file_sha256, campaign_id);

CREATE TABLE import_rejections (
  import_id INTEGER NOT NULL REFERENCES imports(id),
  line      INTEGER NOT NULL,
  -- JSON array of the line's fields as read, so the admin can download, fix and re-upload them
  fields    TEXT NOT NULL,
  -- 'rejected': the line was not imported; 'warning': imported, but a value (a phone) was left out
  severity  TEXT NOT NULL CHECK (severity IN ('rejected', 'warning')),
  -- JSON array of { column, value, reason }
  reasons   TEXT NOT NULL,
  PRIMARY KEY (import_id, line)
) WITHOUT ROWID;
`,
};
