import { useEffect, useMemo, useState } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import { page } from '../../../shared/domain/common';
import { DeviceWithPresence } from '../../../shared/api/device-enrollment';
import { DEVICE_ONLINE_WINDOW_MS } from '../../../shared/api/devices';
import type { Device } from '../../../shared/domain/device';
import type { Ticket } from '../../../shared/domain/ticket';
import { useRxDocument, useRxQuery } from '../../common/useRx';
import { useLocalData } from '../local/LocalDataContext';

/** Whether a device counts as online: seen within the server's window, and not revoked. */
export function isOnline(device: Pick<Device, 'lastSeenAt' | 'revokedAt'>, now = Date.now()): boolean {
  return !device.revokedAt && device.lastSeenAt !== null && now - Date.parse(device.lastSeenAt) <= DEVICE_ONLINE_WINDOW_MS;
}

/** Every device in the local database, most recently seen first. */
export function useDevices(): Device[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => db.devices.find(), [db]);
  const devices = useRxQuery(query);
  return useMemo(() => (devices ? [...devices].sort((a, b) => (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? '') || a.name.localeCompare(b.name)) : null), [devices]);
}

/** The devices a person owns (a ticket's requester), not revoked. */
export function useDevicesOf(ownerId: string | null): Device[] | null {
  const { db } = useLocalData().data;
  const query = useMemo(() => (ownerId ? db.devices.find({ selector: { ownerId } }) : null), [db, ownerId]);
  const devices = useRxQuery(query);
  return useMemo(() => devices?.filter((d) => !d.revokedAt) ?? null, [devices]);
}

/** One device by id; undefined while loading, null when not here. */
export function useDevice(id: string | null): Device | null | undefined {
  const { db } = useLocalData().data;
  const query = useMemo(() => (id ? db.devices.findOne(id) : null), [db, id]);
  return useRxDocument(query);
}

/** One ticket by id (the session's), for a link back. */
export function useTicketById(id: string | null): Ticket | null | undefined {
  const { db } = useLocalData().data;
  const query = useMemo(() => (id ? db.tickets.findOne(id) : null), [db, id]);
  return useRxDocument(query);
}

const ONLINE_POLL_MS = 15_000;

/**
 * Ids of the devices connected to the server now. A device's last-seen time is written on the
 * server every 30 s without changing the device record, so the local copy does not follow it: the
 * server is asked (its live links), every 15 s while a page shows devices. Null until the first
 * answer (or when it cannot be asked: then the local last-seen time is the guess).
 */
export function useOnlineDeviceIds(client: TandemClient): ReadonlySet<string> | null {
  const [ids, setIds] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      client
        .get('/api/devices?revoked=false&limit=200', page(DeviceWithPresence))
        .then((answer) => live && setIds(new Set(answer.items.filter((d) => d.online).map((d) => d.id))))
        .catch(() => {});
    void load();
    const timer = setInterval(() => void load(), ONLINE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return ids;
}

/** Online by the server's answer when there is one, else by the local last-seen time. */
export const onlineBy = (ids: ReadonlySet<string> | null) => (device: Device) => (ids ? ids.has(device.id) && !device.revokedAt : isOnline(device));
