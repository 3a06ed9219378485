import WebSocket from 'ws';
import type { DeviceCapabilities, DeviceServerFrame } from '../../src/shared/device-protocol';
import { AgentSignalServerFrame, remoteSignalPath } from '../../src/shared/remote/signaling';
import type { ApiClient } from '../fixtures/api';
import { RawDeviceLink, type EnrolledDevice } from '../fixtures/device';

/** Helpers of the remote-session suites (server side): a raw device with capabilities, an agent's signaling socket. */

export const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition') => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

export const ALL_CAPABLE: DeviceCapabilities = { diagnostics: { available: true }, shell: { available: true }, screen: { available: true }, input: { available: true } };
export const HEADLESS: DeviceCapabilities = {
  diagnostics: { available: true },
  shell: { available: true },
  screen: { available: false, reason: 'No display.' },
  input: { available: false, reason: 'No display.' },
};

/** Connects a device by hand, proves it, reports capabilities, and waits until the server shows them. */
export async function connectDevice(baseUrl: string, admin: ApiClient, device: EnrolledDevice, capabilities: DeviceCapabilities = ALL_CAPABLE): Promise<RawDeviceLink> {
  const link = await RawDeviceLink.open(baseUrl);
  link.send(link.proof(device.id, device.keys.privateKeyPem));
  await link.next('welcome');
  link.send({ type: 'capabilities', agent: 'raw-test/1', capabilities });
  await until(async () => (await admin.get(`/api/devices/${device.id}`)).body.capabilities !== null, 5000, 'capabilities shown');
  return link;
}

/** The first frame on a raw device link (already received or to come) that matches. */
export async function deviceFrame<T extends DeviceServerFrame['type']>(link: RawDeviceLink, type: T, match: (f: Extract<DeviceServerFrame, { type: T }>) => boolean = () => true, timeoutMs = 5000) {
  let found: Extract<DeviceServerFrame, { type: T }> | undefined;
  await until(() => {
    found = link.frames.find((f): f is Extract<DeviceServerFrame, { type: T }> => f.type === type && match(f as Extract<DeviceServerFrame, { type: T }>));
    return Boolean(found);
  }, timeoutMs, `a ${type} frame`);
  return found!;
}

/** An agent's signaling socket for one session, recording every frame from the server. */
export class SignalSocket {
  readonly frames: AgentSignalServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(AgentSignalServerFrame.parse(JSON.parse(String(data)))));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  /** Opens the socket and sends `auth` with the client's access token (unless told not to). */
  static async open(baseUrl: string, sessionId: string, client: ApiClient | null): Promise<SignalSocket> {
    const url = new URL(remoteSignalPath(sessionId), baseUrl);
    url.protocol = 'ws:';
    const s = new SignalSocket(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      s.socket.once('open', () => resolve());
      s.socket.once('error', reject);
    });
    if (client) s.send({ type: 'auth', accessToken: client.accessToken });
    return s;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async next<T extends AgentSignalServerFrame['type']>(type: T, match: (f: Extract<AgentSignalServerFrame, { type: T }>) => boolean = () => true, timeoutMs = 5000) {
    let found: Extract<AgentSignalServerFrame, { type: T }> | undefined;
    await until(() => {
      found = this.frames.find((f): f is Extract<AgentSignalServerFrame, { type: T }> => f.type === type && match(f as Extract<AgentSignalServerFrame, { type: T }>));
      return Boolean(found);
    }, timeoutMs, `a ${type} frame on the signaling socket; got ${JSON.stringify(this.frames).slice(0, 400)}`);
    return found!;
  }

  close(): void {
    this.socket.terminate();
  }
}
