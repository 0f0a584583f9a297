import { useEffect, useState } from 'react';
import { PAUSE_REASONS, type PauseReason } from '../../../../shared/agent-state';
import { sendCommand } from '../../realtime/client';
import { useDialerStore } from '../../stores/dialer';
import { useT } from '../../stores/locale';
import { selectAgent, usePresenceStore } from '../../stores/presence';
import { useSession } from '../../stores/session';
import { AgentStateBadge } from '../../ui/AgentStateBadge';
import { errorText, formatDuration } from '../../ui/format';
import { useServerNow } from '../../ui/useNow';
import { centavos, formatBRL } from '../../../../shared/money';
import { useSoftphoneStore } from '../../stores/softphone';
import { AudioDevices } from './AudioDevices';
import { IncomingCall } from './IncomingCall';
import { LeadPanel } from './LeadPanel';
import { runShortcut, SHORTCUTS, shortcutOf, type ShortcutAction } from './shortcuts';
import { useOutboxStore } from '../../stores/outbox';

/** Reasons an agent may pick; 'login' and 'supervisor' are set by the system, not chosen. */
const CHOOSABLE_PAUSES = PAUSE_REASONS.filter((r) => r !== 'login' && r !== 'supervisor');

export function AgentConsole() {
  const t = useT();
  const { user, socket } = useSession();
  const presence = usePresenceStore(selectAgent(user?.id));
  const now = useServerNow();
  const [reason, setReason] = useState<PauseReason>('lunch');
  const [error, setError] = useState<string | null>(null);
  const leads = useDialerStore((s) => s.leads);
  const notice = useDialerStore((s) => s.notice);
  const softphone = useSoftphoneStore((s) => s.enabled);
  const registration = useSoftphoneStore((s) => s.registration);
  const incoming = useSoftphoneStore((s) => s.incoming);
  const outbox = useOutboxStore((s) => s.status);

  // the shortcuts (shortcuts.ts) work wherever the focus is in the console
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutOf(e);
      if (!action) return;
      e.preventDefault();
      runShortcut(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function request(payload: { state: 'available' } | { state: 'paused'; reason: PauseReason }) {
    if (!socket) return;
    const result = await sendCommand(socket, 'agent:setState', payload);
    setError(result.ok ? null : errorText(t, result.error));
  }

  const state = presence?.state ?? { name: 'offline' as const };
  return (
    <section aria-labelledby="agent-title" className="agent-console">
      <h1 id="agent-title">{t('area.agent')}</h1>
      <div className="card state-card">
        <div>
          <span className="muted">{t('agent.myState')}</span>
          <div className="state-line" role="status" aria-label={t('agent.myState')}>
            <AgentStateBadge state={state} />
            {state.name === 'paused' && <span className="pause-reason">{t(`agent.pause.${state.reason}`)}</span>}
          </div>
        </div>
        <div>
          <span className="muted">{t('agent.timeInState')}</span>
          <div className="timer" role="timer" aria-label={t('agent.timeInState')}>
            {presence ? formatDuration(now - presence.since) : '—'}
          </div>
        </div>
        {softphone && (
          <div>
            <span className="muted">{t('softphone.title')}</span>
            <div className={`softphone-state softphone-${registration}`} role="status" aria-label={t('softphone.title')}>
              {t(`softphone.state.${registration}`)}
            </div>
          </div>
        )}
        {softphone && <AudioDevices />}
        <div className="actions">
          <button type="button" onClick={() => void request({ state: 'available' })} disabled={!presence || state.name === 'available'}>
            {t('agent.goAvailable')}
          </button>
          <label className="inline">
            {t('agent.pauseReason')}
            <select value={reason} onChange={(e) => setReason(e.target.value as PauseReason)}>
              {CHOOSABLE_PAUSES.map((r) => (
                <option key={r} value={r}>{t(`agent.pause.${r}`)}</option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void request({ state: 'paused', reason })} disabled={!presence}>
            {t('agent.pause')}
          </button>
          <ShortcutHelp />
        </div>
        {error && <p role="alert" className="error">{error}</p>}
      </div>
      {outbox?.kind === 'pending' && <p role="status" aria-label={t('agent.disposition')} className="outbox-pending">{t('agent.outbox.pending')}</p>}
      {outbox?.kind === 'acked' && <p role="status" aria-label={t('agent.disposition')}>{t('agent.outbox.acked')}</p>}
      {outbox?.kind === 'rejected' && <p role="alert">{t('agent.outbox.rejected', { message: outbox.message })}</p>}
      {notice?.kind === 'revoked' && <p role="alert">{t('agent.lead.revoked', { reason: t(`agent.lead.revoked.${notice.reason}`) })}</p>}
      {notice?.kind === 'paid' && <p role="alert" className="banner-paid">{t('agent.paid', { amount: formatBRL(centavos(notice.amountCents)) })}</p>}
      {incoming.map((call) => <IncomingCall key={call.callId} call={call} />)}
      {leads.length > 0 ? (
        leads.map((lead) => <LeadPanel key={lead.leaseId} lead={lead} />)
      ) : (
        <div className="card next-contact">
          <p>{state.name === 'paused' ? t('agent.paused') : t('agent.waiting')}</p>
        </div>
      )}
    </section>
  );
}

/** A button that opens the list of keyboard shortcuts (Escape or the button closes it). */
function ShortcutHelp() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="shortcut-help">
      <button type="button" className="secondary" aria-expanded={open} aria-controls="shortcut-list" onClick={() => setOpen(!open)}>
        {t('agent.shortcuts')}
      </button>
      {open && (
        <div id="shortcut-list" role="dialog" aria-label={t('agent.shortcuts')} className="popover" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <dl>
            {(Object.keys(SHORTCUTS) as ShortcutAction[]).map((a) => (
              <div key={a} className="shortcut-row">
                <dt><kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>{SHORTCUTS[a].key}</kbd></dt>
                <dd>{t(`agent.shortcut.${a}`)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
