import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import { NO, OK, of, unique, type Row, type World } from '../fixtures/role-world';

/**
 * Device enrollment and device requests in the role × endpoint matrix, written out by hand: tokens
 * are the admin's alone, enrolling is public (the token is the credential), and asking a device
 * for anything is for agents and up — never for an end user, not even the device's owner.
 */

/** A fresh device key, raw Ed25519 in base64url as the agent sends it. */
const devicePublicKey = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string;
const newToken = async (w: World) => (await w.ts.admin.post('/api/devices/enrollment-tokens', { label: unique('Row token') })).body as { id: string; token: string };

export const DEVICE_ROWS: Row[] = [
  {
    method: 'POST', endpoint: '/api/devices/enrollment-tokens', what: 'make an enrollment token', expect: of(OK, NO, NO, NO, NO, NO),
    call: (w) => ({ path: '/api/devices/enrollment-tokens', body: { label: unique('Front desk'), ownerId: w.id.u1 } }),
    check: (b) => expect(b.token).toMatch(/^tdm_enroll_/),
  },
  {
    method: 'GET', endpoint: '/api/devices/enrollment-tokens', what: 'list enrollment tokens, never their secrets', expect: of(OK, NO, NO, NO, NO, NO),
    call: () => ({ path: '/api/devices/enrollment-tokens' }),
    check: (b) => {
      expect(b.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(b)).not.toMatch(/tdm_enroll_/);
    },
  },
  {
    method: 'POST', endpoint: '/api/devices/enrollment-tokens/{id}/revoke', what: 'revoke an enrollment token', expect: of(OK, NO, NO, NO, NO, NO),
    call: async (w) => ({ path: `/api/devices/enrollment-tokens/${(await newToken(w)).id}/revoke` }),
  },
  {
    method: 'POST', endpoint: '/api/devices/enroll', what: 'enroll with a token (whoever sends it)', expect: of(OK, OK, OK, OK, OK, OK),
    call: async (w) => ({ path: '/api/devices/enroll', body: { token: (await newToken(w)).token, publicKey: devicePublicKey(), name: unique('Kiosk') } }),
  },
  {
    // Staff pass the role check and learn the device is not connected (409); end users are refused first.
    method: 'POST', endpoint: '/api/devices/{id}/diagnostics', what: "ask U1's (offline) device for diagnostics", expect: of(409, 409, 409, 409, NO, NO),
    call: (w) => ({ path: `/api/devices/${w.device}/diagnostics`, body: {} }),
  },
];
