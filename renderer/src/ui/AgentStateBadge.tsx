import type { AgentState } from '../../../shared/agent-state';
import { useT } from '../stores/locale';

export function AgentStateBadge({ state }: { state: AgentState }) {
  const t = useT();
  return <span className={`badge state-${state.name}`}>{t(`agent.state.${state.name}`)}</span>;
}
