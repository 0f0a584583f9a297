export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do. Checked by every REST route and socket event on the server and used by the
 * renderer only to decide what to show (the server's check is the one that counts).
 */
export const PERMISSIONS = {
  'agent:console': ['agent'],
  'wallboard:view': ['supervisor', 'admin'],
  'debtors:list': ['supervisor', 'admin'],
  'campaigns:view': ['supervisor', 'admin'],
  'admin:manage': ['admin'],
  'mailings:import': ['admin'],
  /** Manual write-off ("baixa") and payoff files: supervisors and admins. */
  'payments:writeoff': ['supervisor', 'admin'],
  /** Quotes, offers and agreements (agents for the debtor on their screen). */
  'negotiation:offer': ['agent', 'supervisor', 'admin'],
  'negotiation:approve': ['supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
