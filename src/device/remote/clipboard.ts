import { execFile, spawn } from 'node:child_process';

/** The device's clipboard (text), or why it cannot be shared. */
export interface Clipboard {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export type ClipboardAccess =
  { available: true; clipboard: Clipboard } | { available: false; reason: string };

/** How long a write may take to show on the clipboard before it counts as failed. */
const CONFIRM_MS = 3000;

/** What the clipboard holds; an empty one makes xclip exit non-zero: that is "nothing", not an error. */
const read = (tool: string, args: string[]) =>
  new Promise<string>((resolve) => {
    execFile(tool, args, { timeout: 2000, maxBuffer: 2 * 1024 * 1024 }, (err, stdout) => resolve(err ? '' : stdout));
  });

const which = (tool: string) =>
  new Promise<boolean>((resolve) => execFile('which', [tool], (err) => resolve(!err)));

/**
 * The clipboard through `xclip` or `xsel` on X11 (nut-js has none that works headless). Neither
 * installed: sharing is unavailable, and the session says so rather than failing quietly.
 */
export async function openClipboard(): Promise<ClipboardAccess> {
  if (process.platform !== 'linux')
    return { available: false, reason: 'Clipboard sharing is only built for Linux (X11) so far.' };
  const tools: Array<[string, string[], string[]]> = [
    ['xclip', ['-selection', 'clipboard', '-o'], ['-selection', 'clipboard', '-i']],
    ['xsel', ['--clipboard', '--output'], ['--clipboard', '--input']],
  ];
  for (const [tool, readArgs, writeArgs] of tools) {
    if (!(await which(tool))) continue;
    return {
      available: true,
      clipboard: {
        read: () => read(tool, readArgs),
        write: async (text) => {
          await new Promise<void>((resolve, reject) => {
            const child = spawn(tool, writeArgs, { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
            child.once('error', reject);
            child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}`))));
            child.stdin.on('error', reject);
            child.stdin.end(text);
          });
          // Both fork a child that serves the selection and exit; xclip forks before that child has
          // taken the selection, so the exit alone does not mean the text is there yet.
          const end = Date.now() + CONFIRM_MS;
          while ((await read(tool, readArgs)) !== text) {
            if (Date.now() > end) throw new Error(`${tool} did not take the selection within ${CONFIRM_MS} ms`);
            await new Promise((r) => setTimeout(r, 25));
          }
        },
      },
    };
  }
  return {
    available: false,
    reason: 'Clipboard sharing is unavailable on this device: install xclip or xsel.',
  };
}
