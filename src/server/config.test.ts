import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('server configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig([], {})).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: './data', logLevel: 'info' });
  });
  it('flags win over the environment', () => {
    const c = loadConfig(['--port', '9000', '--data-dir', '/srv/tandem'], { PORT: '7000', TANDEM_DATA_DIR: '/x' });
    expect(c).toMatchObject({ port: 9000, dataDir: '/srv/tandem' });
  });
  it('reads the environment', () => {
    const c = loadConfig([], {
      PORT: '7000',
      DATABASE_URL: 'postgres://u@h/db',
      TANDEM_ADMIN_EMAIL: 'a@tandem.test',
      TANDEM_ADMIN_PASSWORD: 'long-enough-pw',
    });
    expect(c).toMatchObject({ port: 7000, databaseUrl: 'postgres://u@h/db', adminEmail: 'a@tandem.test' });
  });
  it('answers help', () => expect(loadConfig(['--help'], {})).toBe('help'));
  it('reads extra CORS origins as origins (path and trailing slash dropped)', () => {
    const c = loadConfig([], { TANDEM_CORS_ORIGINS: 'https://portal.example.com/, http://localhost:5173/tray' });
    expect(c).toMatchObject({ corsOrigins: ['https://portal.example.com', 'http://localhost:5173'] });
    expect(loadConfig([], {})).not.toHaveProperty('corsOrigins', expect.anything());
  });
  it('reads STUN/TURN servers for remote sessions from TANDEM_ICE_SERVERS (JSON)', () => {
    const ice = [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: 'tandem', credential: 's3cret' }];
    expect(loadConfig([], { TANDEM_ICE_SERVERS: JSON.stringify(ice) })).toMatchObject({ iceServers: ice });
    expect(loadConfig([], {})).not.toHaveProperty('iceServers', expect.anything());
  });
  it.each([
    [[], { TANDEM_ICE_SERVERS: '[{urls:' }, /TANDEM_ICE_SERVERS is not JSON/],
    [[], { TANDEM_ICE_SERVERS: '{"urls":"stun:x"}' }, /TANDEM_ICE_SERVERS must be a JSON array/],
    [[], { TANDEM_ICE_SERVERS: '[{"urls":"http://turn.example.org"}]' }, /starts with stun:, stuns:, turn: or turns:/],
    [[], { TANDEM_ICE_SERVERS: '[{"urls":"stun:x","password":"p"}]' }, /iceServers/],
    [['--port', '70000'], {}, /port/],
    [['--port'], {}, /argument missing/],
    [['--bogus'], {}, /Unknown option/],
    [[], { DATABASE_URL: 'sqlite:x' }, /DATABASE_URL must start with postgres/],
    [[], { TANDEM_ADMIN_PASSWORD: 'long-enough-pw' }, /Set both/],
    [[], { TANDEM_ADMIN_EMAIL: 'a@tandem.test', TANDEM_ADMIN_PASSWORD: 'short' }, /at least 10/],
    [[], { TANDEM_LOG_LEVEL: 'loud' }, /logLevel/],
    [[], { TANDEM_JWT_SECRET: 'short' }, /32 characters/],
    [[], { TANDEM_CORS_ORIGINS: 'portal.example.com' }, /TANDEM_CORS_ORIGINS lists origins/],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });
});
