import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceProofMessage } from '../shared/device-protocol';
import { makeDeviceKeyPair, publicKeyOf, signDeviceProof, verifyServerSignature } from './identity';

describe('device identity', () => {
  const challenge = 'Q'.repeat(43);
  const deviceId = '0b6f1c2e-8a57-4a0e-9d1c-3f1d8e2b7a10';

  it('makes Ed25519 pairs whose raw public key is 32 bytes and matches the private key', () => {
    const keys = makeDeviceKeyPair();
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(32);
    expect(publicKeyOf(keys.privateKeyPem)).toBe(keys.publicKey);
    expect(makeDeviceKeyPair().publicKey).not.toBe(keys.publicKey);
  });

  it('signs the proof text so that only its own public key verifies it, and only for that text', () => {
    const keys = makeDeviceKeyPair();
    const signature = Buffer.from(signDeviceProof(keys.privateKeyPem, challenge, deviceId, 1000), 'base64url');
    expect(signature).toHaveLength(64);
    const pub = (x: string) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    const text = (t: number) => Buffer.from(deviceProofMessage(challenge, deviceId, t));
    expect(verify(null, text(1000), pub(keys.publicKey), signature)).toBe(true);
    expect(verify(null, text(1001), pub(keys.publicKey), signature)).toBe(false);
    expect(verify(null, text(1000), pub(makeDeviceKeyPair().publicKey), signature)).toBe(false);
  });

  it('verifies data signed by the pinned server key, and nothing else', () => {
    const server = makeDeviceKeyPair();
    const signature = signDeviceProof(server.privateKeyPem, challenge, deviceId, 5);
    const data = Buffer.from(deviceProofMessage(challenge, deviceId, 5));
    expect(verifyServerSignature(server.publicKey, data, signature)).toBe(true);
    expect(verifyServerSignature(makeDeviceKeyPair().publicKey, data, signature)).toBe(false);
    expect(verifyServerSignature('not-a-key', data, signature)).toBe(false);
  });
});
