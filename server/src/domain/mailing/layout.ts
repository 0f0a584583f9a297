import { CANONICAL_FIELDS, type CanonicalField, type ImportMode, type LayoutMapping } from '../../../../shared/mailing';

/**
 * Column layouts. The canonical header set (docs/mailing-import.md) is recognised by name, with the usual
 * aliases of Brazilian exports; any other header is mapped by the admin, and the mapping is saved as a
 * named layout and reused.
 */

export { CANONICAL_FIELDS, type CanonicalField, type ImportMode, type LayoutMapping };

export const MAX_PHONE_COLUMNS = 10;

/** Known spellings, after normalising (lowercase, no accents, non-alphanumerics as "_"). */
const ALIASES: Record<CanonicalField, readonly string[]> = {
  documento: ['documento', 'cpf', 'cnpj', 'cpf_cnpj', 'cpfcnpj', 'cpf_cpnj', 'doc', 'nr_documento', 'num_documento'],
  nome: ['nome', 'nome_cliente', 'cliente', 'devedor', 'nome_devedor', 'razao_social', 'nome_razao_social'],
  data_nascimento: ['data_nascimento', 'nascimento', 'dt_nascimento', 'data_nasc', 'dt_nasc'],
  contrato: ['contrato', 'numero_contrato', 'nr_contrato', 'num_contrato', 'n_contrato', 'contrato_numero'],
  produto: ['produto', 'tipo_produto', 'modalidade'],
  valor: ['valor', 'valor_original', 'valor_divida', 'valor_da_divida', 'vlr_original', 'saldo', 'valor_principal'],
  vencimento: ['vencimento', 'data_vencimento', 'dt_vencimento', 'vencto', 'dt_vencto'],
  email: ['email', 'e_mail'],
  logradouro: ['logradouro', 'endereco', 'rua'],
  bairro: ['bairro'],
  cidade: ['cidade', 'municipio'],
  uf: ['uf', 'estado'],
  cep: ['cep'],
};

export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !CONNECTORS.has(word))
    .join('_');
}

/** "Data de Vencimento" and "Nome do Cliente" match "data_vencimento" and "nome_cliente". */
const CONNECTORS = new Set(['de', 'da', 'do', 'das', 'dos']);

const PHONE_HEADER = /^(telefone|fone|tel|celular|cel|ddd_telefone|phone)_?(\d{1,2})?$/;


export interface ResolvedColumns {
  fields: Partial<Record<CanonicalField, number>>;
  phones: number[];
}

export function requiredFields(mode: ImportMode): CanonicalField[] {
  return mode === 'remove' ? ['documento'] : ['documento', 'nome', 'contrato', 'valor', 'vencimento'];
}

/** Guesses a mapping from the headers alone (canonical names and aliases). */
export function autoMapping(headers: readonly string[]): LayoutMapping {
  const fields: LayoutMapping['fields'] = {};
  const phones: string[] = [];
  for (const header of headers) {
    const key = normalizeHeader(header);
    if (PHONE_HEADER.test(key)) {
      if (phones.length < MAX_PHONE_COLUMNS) phones.push(header);
      continue;
    }
    const field = CANONICAL_FIELDS.find((f) => ALIASES[f].includes(key));
    if (field && fields[field] === undefined) fields[field] = header;
  }
  return { fields, phones };
}

export type ResolveResult = { ok: true; columns: ResolvedColumns } | { ok: false; message: string };

/** Turns a mapping into column indexes; names every required field that is missing. */
export function resolveColumns(headers: readonly string[], mapping: LayoutMapping, mode: ImportMode): ResolveResult {
  const index = (header: string) => headers.indexOf(header);
  const fields: ResolvedColumns['fields'] = {};
  const unknown: string[] = [];
  for (const [field, header] of Object.entries(mapping.fields) as [CanonicalField, string][]) {
    const i = index(header);
    if (i < 0) unknown.push(header);
    else fields[field] = i;
  }
  const phones: number[] = [];
  for (const header of mapping.phones) {
    const i = index(header);
    if (i < 0) unknown.push(header);
    else phones.push(i);
  }
  if (unknown.length) return { ok: false, message: `colunas do layout não encontradas no arquivo: ${unknown.join(', ')}` };
  const missing = requiredFields(mode).filter((f) => fields[f] === undefined);
  if (missing.length) return { ok: false, message: `colunas obrigatórias ausentes: ${missing.join(', ')}` };
  if (mode !== 'remove' && phones.length === 0) return { ok: false, message: 'nenhuma coluna de telefone (telefone1, telefone2, …)' };
  return { ok: true, columns: { fields, phones } };
}
