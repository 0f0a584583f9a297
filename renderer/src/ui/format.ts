import type { AppError } from '../../../shared/result';
import type { Translate } from '../stores/locale';

/** "m:ss" under an hour, "h:mm:ss" above. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Server errors shown in the UI's language, by code. */
export function errorText(t: Translate, error: AppError): string {
  switch (error.code) {
    case 'unauthenticated':
      return t('error.unauthenticated');
    case 'rate_limited':
      return t('error.rate_limited');
    case 'forbidden':
      return t('error.forbidden');
    default:
      return error.message === 'network' ? t('error.network') : t('error.generic', { message: error.message });
  }
}
