import { useState, type FormEvent } from 'react';
import { useT } from '../../stores/locale';
import { useSoftphoneStore } from '../../stores/softphone';

const dash = (n: number | null) => (n === null ? '—' : String(n));

/** A live call's quality (warned when it degrades) and its blind transfer (a dialer line or an inbound call). */
export function CallTools({ callId, transfer: doTransfer }: { callId: string | null; transfer(target: string): Promise<boolean> }) {
  const t = useT();
  const quality = useSoftphoneStore((s) => (callId ? s.quality[callId] : undefined));
  const [target, setTarget] = useState('');
  const [failed, setFailed] = useState(false);

  async function transfer(e: FormEvent) {
    e.preventDefault();
    setFailed(!(await doTransfer(target.trim())));
  }

  return (
    <div className="call-tools">
      {quality && (
        <p role="status" aria-label={t('agent.quality')} className={quality.poor ? 'quality quality-poor' : 'quality'}>
          {t('agent.quality.figures', { loss: quality.lossPercent.toFixed(1).replace('.', ','), jitter: dash(quality.jitterMs), rtt: dash(quality.roundTripMs) })}
        </p>
      )}
      {quality?.poor && <p role="alert" className="error">{t('agent.quality.poor')}</p>}
      <form className="transfer" aria-label={t('agent.transfer')} onSubmit={(e) => void transfer(e)}>
        <label className="inline">{t('agent.transfer.target')}<input value={target} onChange={(e) => setTarget(e.target.value)} required maxLength={120} /></label>
        <button type="submit" className="secondary">{t('agent.transfer')}</button>
      </form>
      {failed && <p role="alert" className="error">{t('agent.transfer.failed')}</p>}
    </div>
  );
}
