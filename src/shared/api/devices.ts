import { z } from 'zod';
import { Id, page } from '../domain/common';
import { Device } from '../domain/device';

/** A device counts as online when it was last seen within this window. */
export const DEVICE_ONLINE_WINDOW_MS = 2 * 60 * 1000;

const Flag = z.enum(['true', 'false']);

/**
 * GET /api/devices — agents and up list every device; an end user's list is always scoped to the
 * devices they own, and `mine=true` scopes anyone's list that way.
 */
export const DeviceListQuery = z.strictObject({
  groupId: Id.optional(),
  ownerId: Id.optional(),
  /** Words to find in the name or hostname. */
  q: z.string().trim().max(100).optional(),
  online: Flag.optional(),
  revoked: Flag.optional(),
  mine: Flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(400).optional(),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuery>;
export const DeviceList = page(Device);

/** PATCH /api/devices/:id (admin) */
export const UpdateDeviceRequest = z
  .strictObject({
    name: z.string().trim().min(1, 'Give the device a name.').max(120, 'Device names are at most 120 characters.'),
    ownerId: Id.nullable(),
    groupId: Id.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Change at least one field.');
export type UpdateDeviceRequest = z.infer<typeof UpdateDeviceRequest>;
