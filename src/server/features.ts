import type { ServerContext } from './context';
import type { App } from './http/types';

/** Registers the helpdesk feature routes (tickets, knowledge base, attachments, devices, admin). */
export async function registerFeatureRoutes(_app: App, _ctx: ServerContext): Promise<void> {}
