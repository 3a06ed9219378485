import { execFile, spawn } from 'node:child_process';

/** The device's clipboard (text), or why it cannot be shared. */
export interface Clipboard {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export type ClipboardAccess =
  { available: true; clipboard: Clipboard } | { available: false; reason: string };

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
        read: () =>
          new Promise((resolve) => {
            // An empty clipboard makes xclip exit non-zero: that is "nothing", not an error.
            execFile(tool, readArgs, { timeout: 2000, maxBuffer: 2 * 1024 * 1024 }, (err, stdout) =>
              resolve(err ? '' : stdout),
            );
          }),
        write: (text) =>
          new Promise((resolve, reject) => {
            const child = spawn(tool, writeArgs, { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
            child.once('error', reject);
            // Both take the selection once stdin has closed and then fork a child that serves it;
            // the one started here exits at that point, so its exit says the text is on the clipboard.
            child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}`))));
            child.stdin.on('error', reject);
            child.stdin.end(text);
          }),
      },
    };
  }
  return {
    available: false,
    reason: 'Clipboard sharing is unavailable on this device: install xclip or xsel.',
  };
}
