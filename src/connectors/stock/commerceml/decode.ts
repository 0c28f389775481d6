import iconv from 'iconv-lite';
import { ConnectorError } from '../../../core/errors.js';

export type XmlEncoding = 'utf-8' | 'windows-1251';

/** A chunked decoder from the file's bytes to text; throws when the bytes do not match the encoding. */
export interface ChunkDecoder {
  encoding: XmlEncoding;
  write(bytes: Uint8Array): string;
  end(): string;
}

const ENCODINGS: Record<string, XmlEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1251': 'windows-1251',
  'win-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'cp-1251': 'windows-1251',
};

export function bad(message: string): ConnectorError {
  return new ConnectorError('invalid_request', message);
}

/**
 * Picks the encoding from the BOM and the XML declaration (first bytes of the file) and checks they
 * agree. No declaration means UTF-8, as the XML spec says.
 */
export function sniffEncoding(head: Uint8Array): { encoding: XmlEncoding; bom: number } {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw bad('CommerceML file is UTF-16; 1C sends UTF-8 or windows-1251, re-export the file');
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const ascii = Buffer.from(head.subarray(bom, bom + 200)).toString('latin1');
  const decl = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(ascii);
  if (!decl) return { encoding: 'utf-8', bom };
  const name = decl[1]!.toLowerCase();
  const encoding = ENCODINGS[name];
  if (!encoding) throw bad(`CommerceML file declares encoding "${decl[1]}"; only UTF-8 and windows-1251 are accepted`);
  if (bom && encoding !== 'utf-8') throw bad(`CommerceML file starts with a UTF-8 byte order mark but declares encoding "${decl[1]}"`);
  return { encoding, bom };
}

/** Decoder for the sniffed encoding; checks the first 64 KB of a windows-1251 file is not in fact UTF-8. */
export function createDecoder(encoding: XmlEncoding): ChunkDecoder {
  if (encoding === 'utf-8') {
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    const run = (f: () => string, what: string) => {
      try {
        return f();
      } catch {
        throw bad(what);
      }
    };
    return {
      encoding,
      write: (b) => run(() => td.decode(b, { stream: true }), 'CommerceML file declares UTF-8 but its bytes are not valid UTF-8 (was it saved in windows-1251?)'),
      end: () => run(() => td.decode(), 'CommerceML file is truncated: it ends in the middle of a UTF-8 character'),
    };
  }
  const dec = iconv.getDecoder('win1251');
  let checked = 0;
  return {
    encoding,
    write(b) {
      if (checked < 65_536) {
        checked += b.length;
        if (looksLikeUtf8(b.subarray(0, 65_536))) {
          throw bad('CommerceML file declares windows-1251 but its bytes are UTF-8; fix the encoding in the XML declaration');
        }
      }
      return dec.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    },
    end: () => dec.end() ?? '',
  };
}

/** True when the bytes hold Cyrillic UTF-8 sequences and decode as valid UTF-8. */
function looksLikeUtf8(b: Uint8Array): boolean {
  let multi = 0;
  for (let i = 0; i + 1 < b.length && multi < 4; i++) {
    const c = b[i]!;
    if ((c === 0xd0 || c === 0xd1) && (b[i + 1]! & 0xc0) === 0x80) multi++;
  }
  if (multi < 4) return false;
  let end = b.length;
  while (end > 0 && b[end - 1]! >= 0x80) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
