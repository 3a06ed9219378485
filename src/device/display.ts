import { execFile } from 'node:child_process';
import { connect } from 'node:net';

/** Whether this machine has a display the screen and input services can use, and if not, why. */
export type DisplayStatus = { available: true; display: string } | { available: false; reason: string };

/**
 * Finds out, without loading nut-js, whether a display answers. nut-js kills the process with a
 * segfault (not catchable) when it loads with no X server, so this runs first and only in child
 * processes or over sockets: a missing display costs a "no", never the agent.
 */
export async function detectDisplay(env: NodeJS.ProcessEnv = process.env, timeoutMs = 3000): Promise<DisplayStatus> {
  // Windows and macOS always have their desktop to capture when a user session runs the agent.
  if (process.platform === 'win32' || process.platform === 'darwin') return { available: true, display: process.platform };
  const display = env.DISPLAY?.trim();
  if (!display) {
    return {
      available: false,
      reason: env.WAYLAND_DISPLAY ? 'Only a Wayland display is set; screen and input need X11 (DISPLAY).' : 'No display: DISPLAY is not set, so screen and input are unavailable on this machine.',
    };
  }
  for (const tool of [['xdpyinfo'], ['xset', 'q']] as const) {
    const answer = await runTool(tool[0], tool.slice(1), { ...env, DISPLAY: display }, timeoutMs);
    if (answer === 'ok') return { available: true, display };
    if (answer === 'refused') return { available: false, reason: `The display ${display} does not answer (no X server there, or access denied).` };
  }
  // Neither tool is installed: try the X server's local socket directly.
  return (await xSocketAnswers(display, timeoutMs))
    ? { available: true, display }
    : { available: false, reason: `The display ${display} does not answer (no X server socket).` };
}

function runTool(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<'ok' | 'refused' | 'missing'> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env, timeout: timeoutMs }, (err) => {
      if (!err) resolve('ok');
      else resolve((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'refused');
    });
  });
}

/** For `:N` (or `unix:N`), whether /tmp/.X11-unix/XN accepts a connection. */
function xSocketAnswers(display: string, timeoutMs: number): Promise<boolean> {
  const match = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display);
  if (!match) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(`/tmp/.X11-unix/X${match[1]}`);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
