import { LOCALES, type Locale } from '../i18n/catalog';
import { useLocaleStore, useT } from '../stores/locale';

export function LanguageSelect() {
  const t = useT();
  const { locale, setLocale } = useLocaleStore();
  return (
    <label className="inline">
      {t('lang.label')}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>{t(`lang.${l}`)}</option>
        ))}
      </select>
    </label>
  );
}
