import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Store } from '../store/database';

/** The server's Ed25519 signing key, which devices pin at enrollment (scripts are signed with it). */
export interface ServerSigningKey {
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** Signs bytes with the server's private key; answers the raw 64-byte signature. */
  sign(data: Uint8Array): Buffer;
}

const SETTING = 'device_signing_key';

const cache = new WeakMap<Store, Promise<ServerSigningKey>>();

/**
 * The server's signing key pair: made once and kept in `settings` (PKCS#8 PEM), so every
 * instance sharing the database and every restart uses the same key. The first writer wins.
 */
export function serverSigningKey(store: Store): Promise<ServerSigningKey> {
  let key = cache.get(store);
  if (!key) {
    key = loadOrCreate(store);
    key.catch(() => cache.delete(store));
    cache.set(store, key);
  }
  return key;
}

async function loadOrCreate(store: Store): Promise<ServerSigningKey> {
  const fresh = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await store.db
    .insertInto('settings')
    .values({ key: SETTING, value: JSON.stringify({ privateKeyPem: fresh }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await store.db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirstOrThrow();
  const privateKey = createPrivateKey((row.value as { privateKeyPem: string }).privateKeyPem);
  return { publicKey: rawPublicKey(createPublicKey(privateKey)), sign: (data) => sign(null, data, privateKey) };
}

/** The raw 32 bytes of an Ed25519 public key, base64url (the JWK `x`). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('Not an Ed25519 public key.');
  return jwk.x;
}

/** An Ed25519 public key object from its raw base64url form. */
export function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}
