import type { IpcHandler } from '../../shared/ipc';
import { takeDiagnosticsSnapshot } from '../diagnostics/snapshot';
import { DisplayUnavailableError } from '../nut';
import { encodePng } from '../png';
import { openScreenCapture } from '../screen';

export interface DeviceHandlerOptions {
  /** The Tandem server: the only connectivity check a snapshot runs. */
  serverUrl: string;
}

/**
 * The `device:` channels over the device services. Plain functions: Electron main serves them over
 * IPC, the test bridge over a local WebSocket.
 */
export function deviceHandlers(options: DeviceHandlerOptions): {
  'device:diagnostics': IpcHandler<'device:diagnostics'>;
  'device:screenshot': IpcHandler<'device:screenshot'>;
} {
  return {
    'device:diagnostics': () => takeDiagnosticsSnapshot({ checkUrls: [`${options.serverUrl}/api/health`], probeTimeoutMs: 6000 }),
    'device:screenshot': async () => {
      try {
        const capture = await openScreenCapture();
        const frame = await capture.grab();
        return { dataUrl: `data:image/png;base64,${encodePng(frame).toString('base64')}`, width: frame.width, height: frame.height };
      } catch (err) {
        // No display (a server, a locked session): the ticket goes without a screenshot.
        const reason = err instanceof DisplayUnavailableError ? err.message : `The screen could not be captured: ${(err as Error).message}`;
        return { unavailable: reason.slice(0, 300) };
      }
    },
  };
}
