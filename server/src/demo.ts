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

/**
 * First access without demo data: a database with no users gets one administrator `admin` with a random
 * password, which the caller prints once. Nothing is created when any user exists (a restart is a no-op).
 */
export async function createFirstAdmin(store: Store): Promise<DemoCredential | null> {
  if ((await store.users.count()) > 0) return null;
  const password = generatePassword();
  await store.users.create({ username: 'admin', displayName: 'Administrador', role: 'admin', passwordHash: await hashPassword(password) });
  return { username: 'admin', role: 'admin', password };
}

const credentialLine = (c: DemoCredential) => `  ${c.role.padEnd(10)} usuário: ${c.username.padEnd(12)} senha: ${c.password}`;
const RULE = '=================================================================================';

export function formatCredentialsBanner(credentials: readonly DemoCredential[]): string {
  return [
    '',
    '==================== Quita: dados de demonstração carregados ====================',
    ...credentials.map(credentialLine),
    '  (senhas exibidas apenas uma vez: anote-as agora)',
    RULE,
    '',
  ].join('\n');
}

export function formatFirstAccessBanner(admin: DemoCredential): string {
  return [
    '',
    '==================== Quita: primeiro acesso (sem dados de demonstração) =========',
    credentialLine(admin),
    '  (senha exibida apenas uma vez: entre e troque-a em "Trocar senha")',
    RULE,
    '',
  ].join('\n');
}
