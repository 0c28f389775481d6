/**
 * A decimal amount in major units (roubles, hryvnias) as platforms and forms send it — a number,
 * "1390.0000", "1 990,50" — to integer minor units, by string arithmetic so no float error creeps
 * in ("0.29" → 29, 4.35 → 435). A third decimal rounds half away from zero. Returns undefined for
 * anything else: exponents, several separators, text, and negatives unless `negative` allows them.
 */
export function toMinorUnits(value: number | string, opts: { negative?: boolean } = {}): number | undefined {
  const text = typeof value === 'number' ? numberText(value) : value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (text === undefined) return undefined;
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '0', frac = ''] = m;
  if (sign && opts.negative === false) return undefined;
  const digits = `${frac}000`;
  let minor = Number(whole) * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' && minor !== 0 ? -minor : minor;
}

function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // String() gives the shortest round-trip form (12.3, not 12.299999…); exponents only for huge or tiny values.
  const s = String(n);
  return /e/i.test(s) ? undefined : s;
}
