/** Countries whose domestic phone formats the normaliser knows. */
export const PHONE_COUNTRIES = ['RU', 'KZ', 'UA', 'BY'] as const;
export type PhoneCountry = (typeof PHONE_COUNTRIES)[number];

const CALLING_CODE: Record<PhoneCountry, string> = { RU: '7', KZ: '7', UA: '380', BY: '375' };
/** National significant number lengths after the calling code. */
const NSN_LENGTH: Record<string, number> = { '7': 10, '380': 9, '375': 9 };

/**
 * A phone number as people type it into forms → E.164 (`+79161234567`), or undefined when it cannot
 * be read. Knows RU/KZ (+7, trunk 8), UA (+380, trunk 0, old 8-0), BY (+375, trunk 80 or 8-0) and
 * accepts any other number already written with `+` or `00` and 8–15 digits.
 */
export function normalisePhone(raw: string, defaultCountry: PhoneCountry): string | undefined {
  const text = raw.trim();
  if (!/^[+\d\s().\-–/]+$/.test(text)) return undefined;
  let digits = text.replace(/\D/g, '');
  let international = text.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  const e164 = international ? digits : domestic(digits, defaultCountry);
  return e164 !== undefined && valid(e164) ? `+${e164}` : undefined;
}

/** Digits without a `+`: the number as dialled inside `country` (or with its code but no plus). */
function domestic(d: string, country: PhoneCountry): string | undefined {
  const code = CALLING_CODE[country];
  const nsn = NSN_LENGTH[code]!;
  // Already carries a known calling code, just no plus: 79161234567, 380671234567, 375291234567.
  for (const c of ['380', '375', '7']) if (d.startsWith(c) && d.length === c.length + NSN_LENGTH[c]!) return d;
  if (code === '7') {
    if (d.length === 11 && d.startsWith('8')) return `7${d.slice(1)}`; // 8 916 123-45-67
    if (d.length === 10) return `7${d}`; // 916 123-45-67
    return undefined;
  }
  if (d.length === nsn + 1 && d.startsWith('0')) return `${code}${d.slice(1)}`; // UA 067 123 45 67
  if (d.length === nsn + 2 && d.startsWith('80')) return `${code}${d.slice(2)}`; // BY 8 029 ..., UA old 8 067 ...
  if (d.length === nsn) return `${code}${d}`; // 67 123 45 67 / 29 123 45 67
  return undefined;
}

function valid(d: string): boolean {
  for (const [code, len] of Object.entries(NSN_LENGTH)) {
    if (d.startsWith(code)) {
      const nsn = d.slice(code.length);
      // +7 numbers start with 3-9 (RU geographic/mobile, KZ 6/7), but no code begins 89: that is a
      // trunk 8 before a mobile 9xx with a digit lost. +380 and +375 numbers never start with 0.
      return nsn.length === len && (code === '7' ? /^[3-9]/.test(nsn) && !nsn.startsWith('89') : !nsn.startsWith('0'));
    }
  }
  return d.length >= 8 && d.length <= 15 && !d.startsWith('0');
}
