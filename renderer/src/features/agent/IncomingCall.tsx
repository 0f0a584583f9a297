import { useEffect, useState } from 'react';
import type { InboundIdentification } from '../../../../shared/api';
import { centavos, formatBRL } from '../../../../shared/money';
import { useT } from '../../stores/locale';
import { useSession } from '../../stores/session';
import { useSoftphoneStore, type IncomingView } from '../../stores/softphone';
import { HANGUP_SHORTCUT } from './LeadPanel';
import { CallTools } from './CallTools';
import { SHORTCUTS } from './shortcuts';

/** A debtor calling one of the operation's numbers: who it may be (the screen pop), answer, reject, hang up. */
export function IncomingCall({ call }: { call: IncomingView }) {
  const t = useT();
  const api = useSession((s) => s.api);
  const [who, setWho] = useState<InboundIdentification | null>(null);
  const [unknown, setUnknown] = useState(false);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.get<InboundIdentification>(`/api/inbound/identify?from=${encodeURIComponent(call.from)}&to=${encodeURIComponent(call.to)}`).then((r) => {
      if (!live) return;
      if (r.ok) setWho(r.data);
      else setUnknown(true);
    });
    return () => {
      live = false;
    };
  }, [api, call.from, call.to]);

  const sp = useSoftphoneStore.getState();
  return (
    <section className="card lead incoming" aria-label={t('agent.incoming.title')}>
      <h2>{t('agent.incoming.title')}</h2>
      <p role="status" aria-label={t('agent.call.title')}>
        {t('agent.incoming.from', { phone: who?.from ?? '…' })} · {t(`agent.call.phase.${call.phase}`)}
      </p>
      {who && who.debtors.length > 0 && (
        <ul aria-label={t('agent.incoming.debtors')} className="incoming-debtors">
          {who.debtors.map((d) => (
            <li key={d.debtorId}>
              <strong>{d.name}</strong> · <span className="mono">{d.document}</span> · {t('agent.incoming.open', { amount: formatBRL(centavos(d.openCents)) })}
            </li>
          ))}
        </ul>
      )}
      {(unknown || (who && who.debtors.length === 0)) && <p className="muted">{t('agent.incoming.unknown')}</p>}
      <div className="actions call-actions">
        {call.phase === 'incoming' && (
          <>
            <button type="button" aria-keyshortcuts={SHORTCUTS.answer.aria} onClick={() => sp.answerIncoming(call.callId)}>{t('agent.incoming.answer')}</button>
            <button type="button" className="secondary" onClick={() => sp.endIncoming(call.callId)}>{t('agent.incoming.reject')}</button>
          </>
        )}
        {call.phase === 'established' && (
          <button type="button" className="danger" aria-keyshortcuts={HANGUP_SHORTCUT} onClick={() => sp.endIncoming(call.callId)}>
            {t('agent.call.hangup')}
          </button>
        )}
      </div>
      {call.phase === 'established' && <CallTools callId={call.callId} transfer={(target) => sp.transferIncoming(call.callId, target)} />}
    </section>
  );
}
