import { z } from 'zod';
import { isValidCnpj, normalizeCnpj } from './document';

/** Creditors (the companies whose debts are collected) and their portfolios (Administração → Credores e carteiras). */
export interface Portfolio {
  id: number;
  creditorId: number;
  name: string;
  createdAt: number;
}

export interface Creditor {
  id: number;
  name: string;
  /** Normalized: 14 characters, uppercase, no punctuation (numeric or the alphanumeric form). */
  cnpj: string;
  /** Printed on every boleto of the creditor's agreements. */
  address: string;
  portfolios: Portfolio[];
}

const nameSchema = z.string().trim().min(2, 'at least 2 characters').max(120, 'at most 120 characters');
const addressSchema = z.string().trim().min(10, 'required: the full address printed on boletos (at least 10 characters)').max(300, 'at most 300 characters');

export const creditorCreateSchema = z.object({
  name: nameSchema,
  cnpj: z
    .string()
    .trim()
    .refine(isValidCnpj, 'not a valid CNPJ (check digits do not match)')
    .transform(normalizeCnpj),
  address: addressSchema,
});
export type CreditorCreate = z.infer<typeof creditorCreateSchema>;

/** The CNPJ identifies the creditor and is not edited: a new CNPJ is a new creditor. */
export const creditorPatchSchema = z
  .object({ name: nameSchema.optional(), address: addressSchema.optional() })
  .strict()
  .refine((p) => p.name !== undefined || p.address !== undefined, { message: 'give name or address' });
export type CreditorPatch = z.infer<typeof creditorPatchSchema>;

export const portfolioCreateSchema = z.object({
  creditorId: z.number().int().positive(),
  name: z.string().trim().min(2, 'at least 2 characters').max(120, 'at most 120 characters'),
});
export type PortfolioCreate = z.infer<typeof portfolioCreateSchema>;
