import type { Role } from '../../shared/roles';
import { generatePassword, hashPassword } from './auth/password';
import { generateDemoDataset } from './domain/demo-data';
import type { Store } from './ports/repositories';

export interface DemoCredential {
  username: string;
  password: string;
  role: Role;
}

const DEMO_USERS: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'agente', displayName: 'Ana Souza', role: 'agent' },
  { username: 'supervisor', displayName: 'Carlos Lima', role: 'supervisor' },
  { username: 'admin', displayName: 'Administrador', role: 'admin' },
];

/** Loads the demo dataset with one user per role and fresh random passwords, which the caller prints once. */
export async function loadDemoData(store: Store, today: number): Promise<DemoCredential[]> {
  const credentials = DEMO_USERS.map((u) => ({ username: u.username, role: u.role, password: generatePassword() }));
  const users = await Promise.all(
    DEMO_USERS.map(async (u, i) => ({ ...u, passwordHash: await hashPassword(credentials[i]!.password) })),
  );
  await store.loadDemoDataset(generateDemoDataset({ seed: 2024, today }), users);
  return credentials;
}

export function formatCredentialsBanner(credentials: readonly DemoCredential[]): string {
  const lines = credentials.map((c) => `  ${c.role.padEnd(10)} usuário: ${c.username.padEnd(12)} senha: ${c.password}`);
  return [
    '',
    '==================== Quita: dados de demonstração carregados ====================',
    ...lines,
    '  (senhas exibidas apenas uma vez: anote-as agora)',
    '=================================================================================',
    '',
  ].join('\n');
}
