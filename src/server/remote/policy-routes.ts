import { IdParams } from '../../shared/api/users';
import { RemotePolicyBody } from '../../shared/api/remote-sessions';
import { RemotePolicy } from '../../shared/domain/remote-session';
import { TandemError } from '../../shared/errors';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { actorOf, authenticate, requirePermission } from '../http/auth-guard';
import type { App } from '../http/types';
import { policyOfGroup, savePolicy } from './policy';
import { remoteDb } from './tables';

const tags = ['remote sessions'];
const noGroup = () => new TandemError('not_found', 'No such group.');

/** GET/PUT /api/groups/:id/remote-policy: which rights agents may ask for on the group's devices. */
export function remotePolicyRoutes(app: App, ctx: ServerContext): void {
  const auth = authenticate(ctx);
  const db = remoteDb(ctx.store.db);
  const groupExists = async (id: string) => Boolean(await db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst());

  app.get(
    '/api/groups/:id/remote-policy',
    { onRequest: auth, schema: { tags, summary: "A group's remote-access policy for its devices, or the default (every right, always ask) when none is set (agents and up)", params: IdParams, response: { 200: RemotePolicy } } },
    async (request) => {
      requirePermission(actorOf(request), 'remote.policy.read');
      if (!(await groupExists(request.params.id))) throw noGroup();
      return policyOfGroup(db, request.params.id);
    },
  );

  app.put(
    '/api/groups/:id/remote-policy',
    { onRequest: auth, schema: { tags, summary: "Set a group's remote-access policy: the rights agents may ask for on its devices, and whether sessions start unattended (admin)", params: IdParams, body: RemotePolicyBody, response: { 200: RemotePolicy } } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'remote.policy.manage');
      if (!(await groupExists(request.params.id))) throw noGroup();
      const now = ctx.clock();
      const policy = await savePolicy(db, request.params.id, request.body, actor.id, now);
      await audit(ctx.store.db, now, { action: 'group.remote_policy_updated', actorId: actor.id, address: request.ip, target: request.params.id, detail: { ...policy } });
      return policy;
    },
  );
}
