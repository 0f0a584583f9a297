import { centavos, formatBRL } from '../../../shared/money';
import { itf, typedLineOf } from '../domain/billing/boleto';
import type { InstallmentDocuments } from '../ports/negotiation';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The printable boleto of an installment: typed line, creditor (CDC art. 42-A), payer, due date, amount, Pix, ITF bars as SVG. */
export function boletoPage(inst: InstallmentDocuments & { boletoBarcode: string }): string {
  let x = 0;
  const bars = [...itf(inst.boletoBarcode)].map((w, i) => {
    const width = w === 'w' ? 3 : 1;
    const rect = i % 2 === 0 ? `<rect x="${x}" y="0" width="${width}" height="50"/>` : '';
    x += width;
    return rect;
  }).join('');
  const line = typedLineOf(inst.boletoBarcode).typedLineFormatted;
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Boleto</title>
<style>body{font-family:sans-serif;margin:2rem}td{border:1px solid #000;padding:.3rem .5rem;vertical-align:top}small{display:block;color:#555}.line{font:1.1rem monospace}</style></head><body>
<p class="line">${escape(line)}</p>
<table><tr><td colspan="2"><small>Beneficiário</small>${escape(inst.creditor.name)} — CNPJ ${escape(inst.creditor.cnpj)}<br>${escape(inst.creditor.address)}</td></tr>
<tr><td><small>Pagador</small>${escape(inst.debtorName)} — ${escape(inst.debtorDocument)}</td><td><small>Vencimento</small>${inst.dueDate.split('-').reverse().join('/')}</td></tr>
<tr><td><small>Valor do documento</small>${escape(formatBRL(centavos(inst.amountCents)))}</td><td><small>Pix copia e cola</small><span class="line">${escape(inst.pixPayload ?? '')}</span></td></tr></table>
<svg role="img" aria-label="Código de barras ${escape(inst.boletoBarcode)}" width="${x}" height="50" viewBox="0 0 ${x} 50">${bars}</svg>
</body></html>`;
}
