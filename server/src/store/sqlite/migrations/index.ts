import { initialSchema } from './001-initial-schema';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order; a shipped migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [initialSchema];
