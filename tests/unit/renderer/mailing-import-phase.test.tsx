import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/mailing';
import { ImportPhase } from '../../../renderer/src/features/admin/MailingImport';

// The import's progress as the admin page shows it (the socket.io path: tests/integration/mailing-api.test.ts).
const progress = (finishing: boolean): ImportProgress => ({ importId: 7, bytesRead: 500, bytesTotal: 1000, rows: 1200, rejected: 3, rowsPerSecond: 80000, finishing });

afterEach(cleanup);

describe('import progress on the admin page', () => {
  it('shows the bar with lines per second while lines are read, and says so once the import is finishing', () => {
    const { rerender } = render(<ImportPhase phase={{ name: 'importing', importId: 7, progress: progress(false) }} onConfirmDuplicate={() => undefined} />);
    expect(screen.getByRole('progressbar', { name: 'Importando' }).getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByText(/80\.000 linhas\/s · 3 rejeitadas/)).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();

    rerender(<ImportPhase phase={{ name: 'importing', importId: 7, progress: { ...progress(true), bytesRead: 1000 } }} onConfirmDuplicate={() => undefined} />);
    expect(screen.getByRole('progressbar', { name: 'Importando' }).getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByRole('status').textContent).toBe('Todas as linhas lidas: criando os índices e gravando a importação…');
  });
});
