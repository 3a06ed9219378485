import { attachmentRoutes } from './attachments/routes';
import { auditRoutes } from './audit-routes';
import type { ServerContext } from './context';
import { deviceRoutes } from './devices/routes';
import { deviceEnrollmentRoutes } from './devices/enrollment-routes';
import { kbRoutes } from './kb/routes';
import { reportRoutes } from './reports/routes';
import type { App } from './http/types';
import { customFieldRoutes } from './tickets/custom-field-routes';
import { ticketRoutes } from './tickets/routes';

/** Registers the helpdesk feature routes (tickets, knowledge base, attachments, devices, admin, reports). */
export async function registerFeatureRoutes(app: App, ctx: ServerContext): Promise<void> {
  ticketRoutes(app, ctx);
  customFieldRoutes(app, ctx);
  kbRoutes(app, ctx);
  await attachmentRoutes(app, ctx);
  deviceRoutes(app, ctx);
  deviceEnrollmentRoutes(app, ctx);
  auditRoutes(app, ctx);
  reportRoutes(app, ctx);
}
