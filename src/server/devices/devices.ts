import type { Device } from '../../shared/domain/device';
import type { DeviceRow } from '../store/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Maps a device row to the API's Device. */
export function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    name: row.name,
    hostname: row.hostname,
    os: row.os,
    ownerId: row.owner_id,
    groupId: row.group_id,
    publicKey: row.public_key,
    enrolledAt: iso(row.enrolled_at),
    lastSeenAt: iso(row.last_seen_at),
    revokedAt: iso(row.revoked_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
