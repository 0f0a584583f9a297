import type { DebtorListItem } from '../../../../shared/api';
import { maskDocument, onlyDigits, type DocumentKind } from '../../../../shared/document';
import type { DebtorId } from '../../../../shared/ids';
import type { DebtorRepository } from '../../ports/repositories';
import type { Db } from './database';

interface DebtorRow {
  id: number;
  name: string;
  document_kind: DocumentKind;
  document: string;
  uf: string | null;
  phone_count: number;
  open_amount: number;
}

export function sqliteDebtors(db: Db): DebtorRepository {
  return {
    async list({ search, page, pageSize }) {
      // A search with digits matches the document's start; otherwise the name. LIKE wildcards are escaped.
      const digits = search ? onlyDigits(search) : '';
      const term = search ? search.replace(/[\\%_]/g, (c) => `\\${c}`) : '';
      const where = !search ? '' : digits.length >= 3 ? "WHERE d.document LIKE ? ESCAPE '\\'" : "WHERE d.name LIKE ? ESCAPE '\\'";
      const params = !search ? [] : digits.length >= 3 ? [`${digits}%`] : [`%${term}%`];
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM debtors d ${where}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(
          `SELECT d.id, d.name, d.document_kind, d.document,
                  (SELECT a.uf FROM debtor_addresses a WHERE a.debtor_id = d.id ORDER BY a.id LIMIT 1) AS uf,
                  (SELECT COUNT(*) FROM phones p WHERE p.debtor_id = d.id) AS phone_count,
                  (SELECT COALESCE(SUM(c.original_amount_cents), 0) FROM contracts c
                    WHERE c.debtor_id = d.id AND c.status = 'open') AS open_amount
             FROM debtors d ${where}
            ORDER BY d.name, d.id
            LIMIT ? OFFSET ?`,
        )
        .all(...params, pageSize, (page - 1) * pageSize) as DebtorRow[];
      const items: DebtorListItem[] = rows.map((r) => ({
        id: r.id as DebtorId,
        name: r.name,
        document: maskDocument(r.document_kind, r.document),
        uf: r.uf,
        phoneCount: r.phone_count,
        openAmount: r.open_amount,
      }));
      return { items, total, page, pageSize };
    },
  };
}
