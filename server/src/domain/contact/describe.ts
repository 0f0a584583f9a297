import type { DenyReason } from './policy';

const FLAG: Record<string, string> = {
  wrong_number: 'número errado',
  third_party: 'terceiro',
  workplace: 'local de trabalho',
  do_not_call: 'não ligar',
};

/** One reason in Portuguese, for the timeline and the agent. */
export function describeReason(r: DenyReason): string {
  switch (r.code) {
    case 'outside_hours': return `fora do horário permitido (${r.uf}, ${r.local} no horário local)`;
    case 'sunday': return `domingo (${r.uf})`;
    case 'holiday': return `feriado: ${r.name} (${r.uf})`;
    case 'no_window_today': return `sem horário permitido hoje (${r.uf})`;
    case 'phone_flag': return `telefone marcado como ${FLAG[r.status]}`;
    case 'phone_daily_cap': return `limite diário do telefone atingido (${r.cap})`;
    case 'debtor_daily_cap': return `limite diário do devedor atingido (${r.cap})`;
    case 'state_daily_cap': return `limite estadual de ligações por dia (${r.uf}: ${r.cap})`;
    case 'prescribed': return 'dívida prescrita';
    case 'over_indebted': return 'superendividamento: em conciliação';
    case 'no_open_debt': return 'sem dívida em aberto';
    case 'nao_me_ligue': return 'cadastrado no "Não Me Ligue" (SP)';
    case 'internal_dnc': return 'na lista interna de não ligar';
  }
}

export function describeDenial(reasons: DenyReason[]): string {
  return `Contato bloqueado: ${reasons.map(describeReason).join('; ')}`;
}
