import { describe, expect, it } from 'vitest';
import { isValidCnpj, isValidCpf } from '../../../shared/document';
import { normalizePhone } from '../../../shared/phone';
import { generateDemoDataset } from '../../../server/src/domain/demo-data';

const today = Date.UTC(2026, 10, 22);

describe('demo dataset', () => {
  const data = generateDemoDataset({ seed: 2024, today });

  it('is reproducible for a seed', () => {
    expect(generateDemoDataset({ seed: 2024, today })).toEqual(data);
    expect(generateDemoDataset({ seed: 7, today }).debtors[0]).not.toEqual(data.debtors[0]);
  });
  it('has 500 debtors with valid, unique CPFs', () => {
    expect(data.debtors).toHaveLength(500);
    expect(data.debtors.every((d) => isValidCpf(d.cpf))).toBe(true);
    expect(new Set(data.debtors.map((d) => d.cpf)).size).toBe(500);
    expect(isValidCnpj(data.creditor.cnpj)).toBe(true);
  });
  it('has valid phones spread over many DDDs', () => {
    const phones = data.debtors.flatMap((d) => d.phones);
    for (const p of phones) {
      const r = normalizePhone(p.e164);
      expect(r.ok && r.phone.e164 === p.e164 && r.phone.kind === p.kind).toBe(true);
    }
    expect(new Set(phones.map((p) => p.ddd)).size).toBeGreaterThan(50);
  });
  it('has debts in integer centavos, due in the past', () => {
    const contracts = data.debtors.flatMap((d) => d.contracts);
    expect(contracts.every((c) => Number.isInteger(c.originalAmountCents) && c.originalAmountCents > 0)).toBe(true);
    expect(contracts.every((c) => Date.parse(c.dueDate) < today)).toBe(true);
  });
  it('has a caller-ID pool of valid fixed numbers whose DDD matches', () => {
    expect(data.callerIds.length).toBeGreaterThanOrEqual(20);
    for (const c of data.callerIds) {
      const r = normalizePhone(c.e164);
      expect(r.ok && r.phone.ddd === c.ddd && r.phone.kind === 'fixed').toBe(true);
    }
  });
});
