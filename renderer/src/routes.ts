import { can, type Permission, type Role } from '../../shared/roles';

export const AREAS = ['agent', 'supervisor', 'admin'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_PERMISSION: Record<Area, Permission> = {
  agent: 'agent:console',
  supervisor: 'wallboard:view',
  admin: 'admin:manage',
};

export const HOME_AREA: Record<Role, Area> = { agent: 'agent', supervisor: 'supervisor', admin: 'admin' };

export function areasFor(role: Role): Area[] {
  return AREAS.filter((a) => can(role, AREA_PERMISSION[a]));
}

/** "#/admin" → "admin"; anything else → null. */
export function parseArea(hash: string): Area | null {
  const name = hash.replace(/^#\/?/, '');
  return (AREAS as readonly string[]).includes(name) ? (name as Area) : null;
}
