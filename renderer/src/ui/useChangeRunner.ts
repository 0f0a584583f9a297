import { useState } from 'react';
import type { Result } from '../../../shared/result';
import { useT } from '../stores/locale';
import { errorText } from './format';

/**
 * Admin pages that edit a list: every change shows the server's answer (a message or the error), then the
 * list is read again, so what is shown is what is stored.
 */
export function useChangeRunner(reload: () => Promise<void>) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(r: Promise<Result<unknown>>, message: string): Promise<boolean> {
    const result = await r;
    if (result.ok) {
      setError(null);
      setDone(message);
    } else {
      setDone(null);
      setError(errorText(t, result.error));
    }
    await reload();
    return result.ok;
  }
  /** A problem found before asking the server. */
  function refuse(message: string) {
    setDone(null);
    setError(message);
  }
  return { run, refuse, error, done };
}
