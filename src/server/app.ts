import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authRoutes } from './auth/routes';
import type { ServerContext } from './context';
import { registerErrorHandling } from './http/errors';
import { registerCors } from './http/cors';
import { APP_ORIGIN } from '../shared/app-scheme';
import type { App } from './http/types';
import { userRoutes } from './users/routes';
import { groupRoutes } from './users/group-routes';
import { registerFeatureRoutes } from './features';
import { webRoutes } from './web';
import { syncRoutes } from './sync/routes';
import { deviceLinkRoutes } from './devices/link-routes';
import { startInstanceBus } from './bus/instance-bus';
import { remoteSessionRoutes } from './remote/routes';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the HTTP app over a ready store. Nothing listens until the caller says so. */
export async function buildApp(ctx: ServerContext, log: FastifyBaseLogger): Promise<App> {
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  registerErrorHandling(app);
  registerCors(app, [APP_ORIGIN, ...(ctx.config.corsOrigins ?? [])]);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Tandem API',
        description: 'Self-hosted helpdesk with remote assistance. Authenticate with `Authorization: Bearer <accessToken>` from /api/auth/login.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  // One WebSocket plugin for every socket route (the sync stream, the device link); frames are
  // small JSON messages, so 64 KiB caps them all (large device answers come in parts).
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness and store readiness', security: [], response: { 200: z.object({ status: z.literal('ok'), store: z.enum(['pglite', 'postgres']) }) } } },
    async () => ({ status: 'ok' as const, store: ctx.store.kind }),
  );

  authRoutes(app, ctx);
  userRoutes(app, ctx);
  groupRoutes(app, ctx);
  await registerFeatureRoutes(app, ctx);
  await syncRoutes(app, ctx);
  // Before the device link: presence is shared with the other instances over the bus.
  await startInstanceBus(app, ctx);
  deviceLinkRoutes(app, ctx);
  remoteSessionRoutes(app, ctx);
  await webRoutes(app);
  return app;
}
