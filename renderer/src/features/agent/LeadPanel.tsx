import { useState } from 'react';
import type { Lead, PromiseTerms } from '../../../../shared/dialer';
import type { LineView } from '../../softphone';
import { sendCommand } from '../../realtime/client';
import { useDialerStore } from '../../stores/dialer';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { lineCallId, useSoftphoneStore } from '../../stores/softphone';
import { errorText } from '../../ui/format';
import { useServerNow } from '../../ui/useNow';
import { CallTools } from './CallTools';
import { DebtorCard } from './DebtorCard';
import { DispositionForm } from './DispositionForm';
import { SHORTCUTS } from './shortcuts';
import { NegotiationPanel } from './NegotiationPanel';

/** The keypad: tones to the far end's menu (a bank's IVR, a switchboard). */
const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** Hangs up the live call from anywhere in the agent console (see shortcuts.ts). */
export const HANGUP_SHORTCUT = SHORTCUTS.hangup.aria;

function lineText(t: ReturnType<typeof useT>, line: LineView): string {
  if (line.phase !== 'ended') return t(`agent.call.phase.${line.phase}`);
  if (line.outcome) return t('agent.call.ended.outcome', { outcome: t(`outcome.${line.outcome}`) });
  return t('agent.call.phase.ended');
}

/** The lead the dialer leased to this agent: who, which phone, dial (preview), and the disposition. */
export function LeadPanel({ lead }: { lead: Lead }) {
  const t = useT();
  const socket = useSession((s) => s.socket);
  const call = useDialerStore((s) => s.calls.find((c) => c.leaseId === lead.leaseId));
  const now = useServerNow();
  const softphone = useSoftphoneStore((s) => s.enabled);
  const line = useSoftphoneStore((s) => s.lines.find((l) => l.leaseId === lead.leaseId));
  const [promisePrefill, setPromisePrefill] = useState<(PromiseTerms & { seq: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function dial() {
    if (!socket) return;
    setBusy(true);
    const r = await sendCommand(socket, 'dialer:dial', { leaseId: lead.leaseId });
    setBusy(false);
    if (r.ok) useDialerStore.getState().dialReceived(r.data);
    setError(r.ok ? null : errorText(t, r.error));
  }

  return (
    <section className="card lead lead-panel" aria-label={t('agent.lead.title')}>
      {/* at 1366×768 the call and its disposition stay in the left column, the debtor's history and the negotiation scroll on the right */}
      <div className="lead-work">
        <h2>{t('agent.lead.title')}</h2>
        <dl className="lead-facts">
          <dt>{t('agent.lead.campaign')}</dt><dd>{lead.campaignName}</dd>
          <dt>{t('agent.lead.debtor')}</dt><dd>{lead.debtor.name}</dd>
          <dt>{t('agent.lead.document')}</dt><dd className="mono">{lead.debtor.document}</dd>
          <dt>{t('agent.lead.phone')}</dt><dd className="mono">{lead.phone.masked}</dd>
        </dl>
        {lead.callbackAt !== null && <p>{t('agent.lead.callback', { time: new Date(lead.callbackAt).toLocaleString() })}</p>}
        {!call && lead.autoDialAt !== null && (
          <p role="timer">{t('agent.lead.autoDial', { seconds: Math.max(0, Math.ceil((lead.autoDialAt - now) / 1000)) })}</p>
        )}
        {!call && lead.mode === 'preview' && (
          <button type="button" onClick={() => void dial()} disabled={busy}>{t('agent.dial')}</button>
        )}
        {call && (
          <div role="status" aria-label={t('agent.call.title')}>
            <p>{t('agent.call.to', { phone: lead.phone.masked, callerId: call.callerId })}</p>
            {!softphone && <p className="muted">{t('agent.call.noSoftphone')}</p>}
            {softphone && line && <p className="call-phase">{lineText(t, line)}</p>}
          </div>
        )}
        {softphone && line && line.phase !== 'ended' && (
          <div className="actions call-actions">
            <button type="button" className="danger" aria-keyshortcuts={HANGUP_SHORTCUT} onClick={() => useSoftphoneStore.getState().hangup(line.attemptId)}>
              {t('agent.call.hangup')}
            </button>
            {line.phase === 'established' && (
              <>
                <button type="button" className="secondary" aria-pressed={line.muted} aria-keyshortcuts={SHORTCUTS.mute.aria} onClick={() => useSoftphoneStore.getState().mute(line.attemptId, !line.muted)}>
                  {t('agent.call.mute')}
                </button>
                <button type="button" className="secondary" aria-pressed={line.held} aria-keyshortcuts={SHORTCUTS.hold.aria} onClick={() => useSoftphoneStore.getState().hold(line.attemptId, !line.held)}>
                  {t('agent.call.hold')}
                </button>
              </>
            )}
          </div>
        )}
        {softphone && line && line.phase === 'established' && <CallTools callId={lineCallId(line.attemptId)} transfer={(target) => useSoftphoneStore.getState().transfer(line.attemptId, target)} />}
        {softphone && line && line.phase === 'established' && (
          <div role="group" aria-label={t('agent.call.keypad')} className="keypad">
            {DTMF_KEYS.map((k) => (
              <button key={k} type="button" className="secondary" onClick={() => useSoftphoneStore.getState().dtmf(line.attemptId, k)}>{k}</button>
            ))}
          </div>
        )}
        <DispositionForm lead={lead} promisePrefill={promisePrefill} />
        {error && <p role="alert" className="error">{error}</p>}
      </div>
      <div className="lead-context">
        <DebtorCard debtorId={lead.debtor.id} />
        <NegotiationPanel debtorId={lead.debtor.id} onRegisterPromise={(terms) => setPromisePrefill((p) => ({ ...terms, seq: (p?.seq ?? 0) + 1 }))} />
      </div>
    </section>
  );
}
