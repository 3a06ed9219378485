import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { deviceProofMessage } from '../shared/device-protocol';

/** A device's Ed25519 key pair: the private key stays on the device, the public key goes to the server. */
export interface DeviceKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** Raw 32 bytes, base64url (as the server stores it). */
  publicKey: string;
}

/** Makes a fresh Ed25519 key pair for enrollment. */
export function makeDeviceKeyPair(): DeviceKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('Ed25519 key export gave no public key.');
  return { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey: jwk.x };
}

/** The raw public key (base64url) of a PEM private key; checks a saved config's pair belongs together. */
export function publicKeyOf(privateKeyPem: string): string {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'jwk' });
  if (!jwk.x) throw new Error('Not an Ed25519 key.');
  return jwk.x;
}

/** Signs the server's challenge as the device link requires (see deviceProofMessage); base64url. */
export function signDeviceProof(privateKeyPem: string, challenge: string, deviceId: string, timestamp: number): string {
  return sign(null, Buffer.from(deviceProofMessage(challenge, deviceId, timestamp), 'utf8'), createPrivateKey(privateKeyPem)).toString('base64url');
}

/** Verifies a signature made with the server's pinned key (scripts and other signed payloads). */
export function verifyServerSignature(serverPublicKey: string, data: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: serverPublicKey }, format: 'jwk' });
    return verify(null, data, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
