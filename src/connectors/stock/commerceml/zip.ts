import { unzipSync } from 'fflate';
import { bad } from './decode.js';

export function isZip(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/**
 * Unpacks the XML files of a zip 1C uploaded; images under `import_files/` and folders are skipped,
 * and entries over `limit` bytes (as declared, and as unpacked) are refused before they are inflated.
 */
export function unpackZip(data: Uint8Array, limit: number): { name: string; data: Uint8Array }[] {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (f) => {
        const name = f.name.replace(/\\/g, '/');
        if (name.endsWith('/') || isIgnored(name)) return false;
        total += f.originalSize;
        if (f.originalSize > limit || total > limit) throw bad(`zip entry ${name} unpacks past the limit of ${limit} bytes`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'ConnectorError') throw e;
    throw bad(`the zip archive 1C sent is damaged: ${(e as Error).message}`);
  }
  return Object.entries(files).map(([name, bytes]) => {
    if (bytes.length > limit) throw bad(`zip entry ${name} unpacks past the limit of ${limit} bytes`);
    return { name: safeName(name), data: bytes };
  });
}

/** Files 1C sends that the hub does not use (product images). */
export function isIgnored(name: string): boolean {
  return /^(\.?\/)?import_files\//i.test(name.replace(/\\/g, '/'));
}

/** A relative file name without `..`, drive letters or leading slashes; throws otherwise. */
export function safeName(name: string): string {
  const n = name.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!n || n.length > 300 || n.startsWith('/') || /^[a-z]:/i.test(n) || n.split('/').some((p) => p === '..' || p === '.' || !p) || n.includes('\0')) {
    throw bad(`file name "${name.slice(0, 100)}" is not a plain relative name`);
  }
  return n;
}
