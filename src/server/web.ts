import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './http/types';

/** Where `npm run build:web` puts the console and portal (out/web beside out/server). */
export function webRoot(): string {
  // Tests that must not see another run's rebuild of out/web serve their own copy of it.
  const override = process.env.TANDEM_WEB_ROOT;
  if (override) return override;
  const here = fileURLToPath(new URL('.', import.meta.url));
  // From out/server/ (built) or src/server/ (tsx), the web build is ../../out/web or ../web.
  const candidates = [resolve(here, '../web'), resolve(here, '../../out/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/**
 * Serves the web console: static assets, and index.html for every other non-API path so that
 * client-side routes (/tickets/T-1042, /setup) load the app. Strict security headers on all of it.
 */
export async function webRoutes(app: App): Promise<void> {
  const root = webRoot();
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The Tandem web console has not been built. Run `npm run build:web` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/')) reply.header('content-security-policy', csp);
    return payload;
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
