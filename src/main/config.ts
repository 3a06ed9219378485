import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const AppConfigFile = z.object({
  /** The Tandem server, e.g. https://help.example.com */
  serverUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Load the console page from the server (the default: same origin, so its API calls need no
   * CORS) or, when false, the bundled renderer (needs the server to allow the app's origin).
   */
  loadConsoleFromServer: z.boolean().default(true),
});

export interface AppConfig {
  /** Server origin without a trailing slash. */
  serverUrl: string;
  loadConsoleFromServer: boolean;
}

const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/**
 * Reads `config.json` in the app's user-data folder; TANDEM_SERVER_URL overrides it. A broken file
 * is reported and ignored rather than stopping the app: the user can still fix it from the UI later.
 */
export function loadAppConfig(userDataDir: string, env: NodeJS.ProcessEnv, warn: (message: string) => void): AppConfig {
  let file: z.infer<typeof AppConfigFile> = { loadConsoleFromServer: true };
  try {
    const text = readFileSync(join(userDataDir, 'config.json'), 'utf8');
    const parsed = AppConfigFile.safeParse(JSON.parse(text));
    if (parsed.success) file = parsed.data;
    else warn(`Ignoring ${join(userDataDir, 'config.json')}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Cannot read config.json: ${(err as Error).message}`);
  }
  const fromEnv = env.TANDEM_SERVER_URL && z.url({ protocol: /^https?$/ }).safeParse(env.TANDEM_SERVER_URL);
  const serverUrl = (fromEnv && fromEnv.success ? fromEnv.data : file.serverUrl) ?? DEFAULT_SERVER;
  return { serverUrl: new URL(serverUrl).origin, loadConsoleFromServer: file.loadConsoleFromServer };
}
