import type { DefaultReason, DialOutcome, Disposition } from '../../../../shared/dialer';
import { centavos, formatBRL } from '../../../../shared/money';

/** pt-BR names for the timeline (stored text, read by people: like every timeline summary). */
export const OUTCOME_LABELS: Record<DialOutcome, string> = {
  busy: 'ocupado', no_answer: 'não atende', machine: 'caixa postal', failed: 'falha', rejected: 'recusou a chamada',
  cancelled: 'cancelada', abandoned: 'abandonada', rpc: 'falou com o devedor (CPC)', third_party: 'terceiro',
  wrong_number: 'número errado', refused: 'recusou negociar', promise: 'promessa de pagamento', agreement: 'acordo',
  callback: 'retornar ligação', not_disposed: 'sem resultado',
};

const DEFAULT_REASON_LABELS: Record<DefaultReason, string> = {
  unemployment: 'desemprego', income_drop: 'redução de renda', illness: 'doença', forgot: 'esquecimento',
  unaware_of_debt: 'desconhece a dívida', disputes_amount: 'discorda do valor', over_indebted: 'superendividamento',
  fraud: 'fraude', other: 'outros',
};

/** Health data is sensitive (LGPD art. 11): kept only in the attempt's and the promise's own column, never in text. */
export const SENSITIVE_REASONS: ReadonlySet<DefaultReason> = new Set(['illness']);

/** The reason as timelines and lists may show it: a sensitive one is only said to exist. */
export function defaultReasonText(reason: DefaultReason): string {
  return SENSITIVE_REASONS.has(reason) ? 'informado (dado sensível, não exibido)' : DEFAULT_REASON_LABELS[reason];
}

/** "Ligação: promessa de pagamento (R$ 150,00 até 30/11/2026) — motivo: desemprego — obs.: …" */
export function dispositionSummary(d: Pick<Disposition, 'outcome' | 'defaultReason' | 'promise' | 'note'>): string {
  const parts = [`Ligação: ${OUTCOME_LABELS[d.outcome]}`];
  if (d.promise) parts[0] += ` (${formatBRL(centavos(d.promise.amountCents))} até ${d.promise.dueDate.split('-').reverse().join('/')})`;
  if (d.defaultReason) parts.push(`motivo: ${defaultReasonText(d.defaultReason)}`);
  if (d.note) parts.push(`obs.: ${d.note.length > 200 ? `${d.note.slice(0, 200)}…` : d.note}`);
  return parts.join(' — ');
}
