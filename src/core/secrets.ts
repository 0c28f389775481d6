import { createCipheriv, createDecipheriv, createHash, hash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * AES-256-GCM for connector secrets at rest. The key is derived from SVYAZKA_SECRET_KEY with
 * SHA-256 so any long random string works; each value gets its own IV, and the auth tag makes a
 * tampered or wrongly keyed value fail loudly instead of decrypting to garbage.
 */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  isSealed(value: unknown): value is string;
}

export function createSecretBox(secretKey: string): SecretBox {
  const key = createHash('sha256').update(secretKey, 'utf8').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a stored connector secret cannot be decrypted: SVYAZKA_SECRET_KEY differs from the key it was saved with');
      }
    },
    isSealed(value): value is string {
      return typeof value === 'string' && value.startsWith(PREFIX);
    },
  };
}

const KEY_CHECK = 'svyazka-secret-key-check';

/**
 * Every hub process sharing a Redis must use the same SVYAZKA_SECRET_KEY. A sealed known value is
 * kept beside the connector configs; a process started with another key learns it at start-up
 * (false) instead of failing later on the first connector secret it needs.
 */
export async function secretKeyMatches(box: SecretBox, store: { get(): Promise<string | null>; setIfAbsent(v: string): Promise<boolean> }): Promise<boolean> {
  let sealed = await store.get();
  if (sealed === null) {
    if (await store.setIfAbsent(box.encrypt(KEY_CHECK))) return true;
    sealed = await store.get();
  }
  try {
    return sealed !== null && box.decrypt(sealed) === KEY_CHECK;
  } catch {
    return false;
  }
}

/** Applies `fn` to the value at each dot path that exists in a deep copy of `obj`. */
export function mapPaths(obj: unknown, paths: readonly string[], fn: (v: unknown) => unknown): unknown {
  const copy = structuredClone(obj);
  for (const path of paths) {
    const parts = path.split('.');
    let node: any = copy;
    for (const p of parts.slice(0, -1)) {
      node = node?.[p];
      if (node === null || typeof node !== 'object') break;
    }
    const last = parts[parts.length - 1]!;
    if (node && typeof node === 'object' && node[last] !== undefined && node[last] !== null) node[last] = fn(node[last]);
  }
  return copy;
}

export function sha256Hex(s: string): string {
  // One-shot: no Hash object per call (API keys are hashed on every request).
  return hash('sha256', s, 'hex');
}
