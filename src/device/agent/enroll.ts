import { hostname, platform, release } from 'node:os';
import { EnrollResponse, type EnrollRequest } from '../../shared/api/device-enrollment';
import { makeDeviceKeyPair } from '../identity';
import type { AgentConfig } from './config';

/** Enrollment was refused or failed; `message` is the server's sentence when it sent one. */
export class EnrollmentError extends Error {
  override name = 'EnrollmentError';
}

/**
 * Enrolls this machine with a one-time token: makes a key pair, sends the public half, and answers
 * the config to save (identity plus the server's key, pinned from now on).
 */
export async function enroll(server: string, token: string, name = hostname()): Promise<AgentConfig> {
  const keys = makeDeviceKeyPair();
  const body: EnrollRequest = { token, publicKey: keys.publicKey, name: name.slice(0, 120) || 'device', hostname: hostname().slice(0, 255), os: `${platform()} ${release()}`.slice(0, 120) };
  let res: Response;
  try {
    res = await fetch(new URL('/api/devices/enroll', server), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new EnrollmentError(`Cannot reach the server at ${server}: ${(err as Error).message}. Check the URL and the network.`);
  }
  const answer: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (answer as { error?: { message?: string } } | null)?.error?.message;
    throw new EnrollmentError(message ?? `The server refused enrollment (HTTP ${res.status}).`);
  }
  const parsed = EnrollResponse.safeParse(answer);
  if (!parsed.success) throw new EnrollmentError('The server answered enrollment with something unexpected. Is this a Tandem server?');
  const { device, serverPublicKey } = parsed.data;
  return {
    version: 1,
    server,
    deviceId: device.id,
    name: device.name,
    privateKeyPem: keys.privateKeyPem,
    publicKey: keys.publicKey,
    serverPublicKey,
    enrolledAt: device.enrolledAt ?? new Date().toISOString(),
  };
}
