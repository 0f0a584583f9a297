import type { RowProblem } from './row';

/**
 * The rejections download: the file's own columns as read, plus the line number and the reasons, so the
 * admin can fix the values in a spreadsheet and upload the same file again (the two extra columns are
 * ignored on import).
 */
export const REJECTION_COLUMNS = ['quita_linha', 'quita_motivo'] as const;

function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function rejectionsCsvHeader(header: readonly string[]): string {
  return `\uFEFF${[...header, ...REJECTION_COLUMNS].map(csvField).join(';')}\r\n`;
}

export function rejectionsCsvLine(headerLength: number, line: number, fields: readonly string[], reasons: readonly RowProblem[]): string {
  const cells = Array.from({ length: headerLength }, (_, i) => fields[i] ?? '');
  const reason = reasons.map((r) => `${r.column}${r.value ? ` = "${r.value}"` : ''}: ${r.reason}`).join(' | ');
  return `${[...cells, String(line), reason].map(csvField).join(';')}\r\n`;
}
