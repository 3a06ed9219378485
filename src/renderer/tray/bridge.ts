import { BridgeAnswer, bridgeOver, type TandemBridge } from '../../shared/ipc';

/**
 * The tray's door to its main process, chosen once at start: the preload's `window.tandem` inside
 * Electron, else the local WebSocket bridge named by the page's `?bridge=` parameter (tests and
 * development: the same handler map, served by `npm run tray:bridge`), else none (a plain browser:
 * the tray still works, without anything about the device).
 */
export async function connectTandem(): Promise<TandemBridge | null> {
  if (window.tandem) return window.tandem;
  const url = new URLSearchParams(location.search).get('bridge');
  if (!url || !/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(url)) return null;
  return openBridgeSocket(url);
}

async function openBridgeSocket(url: string): Promise<TandemBridge> {
  let socket = await open(url);
  let nextId = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const attach = (s: WebSocket) => {
    s.onmessage = (event) => {
      const parsed = BridgeAnswer.safeParse(JSON.parse(String(event.data)));
      if (!parsed.success) return;
      const answer = parsed.data;
      const call = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.ok) call?.resolve(answer.response);
      else call?.reject(new Error(answer.error));
    };
    s.onclose = () => {
      for (const call of waiting.values()) call.reject(new Error('The connection to the Tandem app was lost.'));
      waiting.clear();
    };
  };
  attach(socket);
  return bridgeOver(async (channel, request) => {
    if (socket.readyState !== WebSocket.OPEN) {
      socket = await open(url);
      attach(socket);
    }
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, channel, request }));
    });
  });
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error('The Tandem app is not reachable.'));
  });
}
