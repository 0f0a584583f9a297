/** Branded ids: a UserId cannot be passed where a DebtorId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Brand<number, 'UserId'>;
export type CreditorId = Brand<number, 'CreditorId'>;
export type PortfolioId = Brand<number, 'PortfolioId'>;
export type CampaignId = Brand<number, 'CampaignId'>;
export type DebtorId = Brand<number, 'DebtorId'>;
export type ContractId = Brand<number, 'ContractId'>;
export type PhoneId = Brand<number, 'PhoneId'>;
export type LeaseId = Brand<number, 'LeaseId'>;
export type AttemptId = Brand<number, 'AttemptId'>;
export type CallbackId = Brand<number, 'CallbackId'>;
