import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './domain/user';
import { ROLES } from './domain/user';
import { PERMISSIONS, can, canSeeArticle, canSeeTicket, canSeeTicketEvent, type Permission } from './permissions';

const me = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const groupA = '00000000-0000-4000-8000-00000000000a';
const groupB = '00000000-0000-4000-8000-00000000000b';
const actor = (role: Role, groupIds: string[] = []): Actor => ({ id: me, role, groupIds });
const ticket = (t: Partial<{ requesterId: string; cc: string[]; groupId: string | null; assigneeId: string | null }>) => ({
  requesterId: other,
  cc: [],
  groupId: null,
  assigneeId: null,
  ...t,
});

describe('permission table', () => {
  // Worked out by hand from the product rules, not read back from the table.
  const expected: Record<Permission, Role[]> = {
    'tickets.create': ['end_user', 'agent', 'supervisor', 'admin'],
    'tickets.read': ['end_user', 'agent', 'supervisor', 'admin'],
    'tickets.edit': ['agent', 'supervisor', 'admin'],
    'tickets.edit_own_status': ['end_user'],
    'tickets.reply': ['end_user', 'agent', 'supervisor', 'admin'],
    'tickets.note': ['agent', 'supervisor', 'admin'],
    // Every role may rate; the record rule (only the requester) is in domain/rating.ts.
    'tickets.rate': ['end_user', 'agent', 'supervisor', 'admin'],
    'tickets.read_internal': ['agent', 'supervisor', 'admin'],
    'tickets.delete': ['supervisor', 'admin'],
    'kb.read_public': ['end_user', 'agent', 'supervisor', 'admin'],
    'kb.read_internal': ['agent', 'supervisor', 'admin'],
    'kb.write': ['agent', 'supervisor', 'admin'],
    'kb.delete': ['supervisor', 'admin'],
    'users.read': ['agent', 'supervisor', 'admin'],
    'users.manage': ['admin'],
    'groups.read': ['agent', 'supervisor', 'admin'],
    'groups.manage': ['admin'],
    'custom_fields.read': ['end_user', 'agent', 'supervisor', 'admin'],
    'custom_fields.manage': ['admin'],
    'views.manage_own': ['agent', 'supervisor', 'admin'],
    'macros.manage_own': ['agent', 'supervisor', 'admin'],
    'views.share': ['supervisor', 'admin'],
    'macros.share': ['admin'],
    'devices.read': ['agent', 'supervisor', 'admin'],
    'devices.manage': ['admin'],
    'attachments.upload': ['end_user', 'agent', 'supervisor', 'admin'],
    'audit.read': ['admin'],
    'reports.read': ['supervisor', 'admin'],
    'remote.start': ['agent', 'supervisor', 'admin'],
    'remote.read': ['agent', 'supervisor', 'admin'],
    'remote.manage_any': ['admin'],
    'remote.policy.read': ['agent', 'supervisor', 'admin'],
    'remote.policy.manage': ['admin'],
  };

  it.each(Object.keys(PERMISSIONS) as Permission[])('%s', (permission) => {
    expect(expected[permission], `add ${permission} to this test`).toBeDefined();
    for (const role of ROLES) expect(can(role, permission), `${role} ${permission}`).toBe(expected[permission].includes(role));
  });

  it('end users never get a management permission', () => {
    const managing = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => /manage|internal|note|delete|audit|edit$/.test(p));
    expect(managing.length).toBeGreaterThan(5);
    for (const p of managing) expect(can('end_user', p), p).toBe(false);
  });
});

describe('canSeeTicket', () => {
  it.each([
    ['end_user', [], ticket({ requesterId: me }), true],
    ['end_user', [], ticket({ cc: [me] }), true],
    ['end_user', [], ticket({ assigneeId: me }), false],
    ['end_user', [], ticket({}), false],
    ['end_user', [groupA], ticket({ groupId: groupA }), false],
    ['agent', [groupA], ticket({ groupId: groupA }), true],
    ['agent', [groupA], ticket({ groupId: groupB }), false],
    ['agent', [], ticket({ groupId: null }), true],
    ['agent', [], ticket({ groupId: groupB, assigneeId: me }), true],
    ['agent', [], ticket({ groupId: groupB, requesterId: me }), true],
    ['agent', [], ticket({ groupId: groupB, cc: [me] }), false],
    ['supervisor', [], ticket({ groupId: groupB }), true],
    ['admin', [], ticket({ groupId: groupB }), true],
  ] as const)('%s in %j sees %j: %s', (role, groups, t, visible) => {
    expect(canSeeTicket(actor(role, [...groups]), { ...t, cc: [...t.cc] })).toBe(visible);
  });

  it('an end user sees exactly the tickets they requested or are cc’d on (property)', () => {
    const id = fc.constantFrom(me, other);
    fc.assert(
      fc.property(id, fc.array(id), fc.option(fc.constantFrom(groupA, groupB)), fc.option(id), (requesterId, cc, groupId, assigneeId) => {
        const seen = canSeeTicket(actor('end_user', [groupA]), { requesterId, cc, groupId, assigneeId });
        return seen === (requesterId === me || cc.includes(me));
      }),
    );
  });
});

describe('events and articles', () => {
  it('internal notes are for agents and up only', () => {
    expect(canSeeTicketEvent(actor('end_user'), { public: false })).toBe(false);
    expect(canSeeTicketEvent(actor('end_user'), { public: true })).toBe(true);
    expect(canSeeTicketEvent(actor('agent'), { public: false })).toBe(true);
  });
  it('internal articles are for agents and up only', () => {
    expect(canSeeArticle(actor('end_user'), { visibility: 'internal' })).toBe(false);
    expect(canSeeArticle(actor('end_user'), { visibility: 'public' })).toBe(true);
    expect(canSeeArticle(actor('supervisor'), { visibility: 'internal' })).toBe(true);
  });
});
