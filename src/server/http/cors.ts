import type { App } from './types';

const ALLOWED_METHODS = 'GET, POST, PATCH, PUT, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, accept';

/**
 * Cross-origin access for exactly the listed origins (the Electron apps' `app://tandem` and any
 * configured extra ones); every other origin gets no CORS headers, so browsers keep refusing it.
 * The API authenticates with bearer tokens, never cookies, so credentials are not allowed.
 */
export function registerCors(app: App, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin) return;
    // The answer depends on the Origin header; caches must not hand one origin's answer to another.
    reply.header('vary', 'Origin');
    if (!allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', 'retry-after');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('access-control-allow-methods', ALLOWED_METHODS);
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });
}
