import { describe, expect, it } from 'vitest';
import { CATALOGS, translate } from '../../../renderer/src/i18n/catalog';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  it('every language has every key, with text and the same placeholders as pt-BR', () => {
    const base = CATALOGS['pt-BR'];
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(base).sort());
      for (const [key, text] of Object.entries(catalog)) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(base[key as keyof typeof base]));
      }
    }
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('pt-BR', 'admin.page', { page: 2, pages: 20, total: 500 })).toBe('Página 2 de 20 · 500 devedores');
    expect(translate('en', 'denied.body', {})).toBe('Your role ({role}) cannot open this area.');
  });
});
