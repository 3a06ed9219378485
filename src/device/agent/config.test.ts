import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDeviceKeyPair } from '../identity';
import { readAgentConfig, writeAgentConfig, type AgentConfig } from './config';

describe('agent config file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-agent-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const keys = makeDeviceKeyPair();
  const config: AgentConfig = {
    version: 1,
    server: 'http://127.0.0.1:8080',
    deviceId: '0b6f1c2e-8a57-4a0e-9d1c-3f1d8e2b7a10',
    name: 'kiosk',
    privateKeyPem: keys.privateKeyPem,
    publicKey: keys.publicKey,
    serverPublicKey: makeDeviceKeyPair().publicKey,
    enrolledAt: '2026-11-23T10:00:00.000Z',
  };

  it('is written for its owner only (it holds the private key), in new folders, and read back', async () => {
    const path = join(dir, 'a', 'b', 'config.json');
    await writeAgentConfig(path, config);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
    expect(await readAgentConfig(path)).toEqual(config);
    // Rewriting an existing file keeps it private.
    await writeFile(path, '{}', { mode: 0o644 });
    await writeAgentConfig(path, { ...config, name: 'renamed' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8')).name).toBe('renamed');
  });

  it('is null when missing, and a damaged one is refused with what to do', async () => {
    expect(await readAgentConfig(join(dir, 'none.json'))).toBeNull();
    const damaged = join(dir, 'damaged.json');
    await writeFile(damaged, '{"version":1,"server":');
    await expect(readAgentConfig(damaged)).rejects.toThrow(/is damaged\. Remove it and enroll again/);
  });
});
