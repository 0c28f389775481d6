/**
 * A decimal amount in major units (roubles) as Market sends it, number or string, to integer minor
 * units (kopecks) without floating-point arithmetic: "1234.5" → 123450, 0.29 → 29. A third decimal
 * (never expected from Market) rounds half away from zero. Returns undefined for anything else.
 */
export function toMinorUnits(value: number | string): number | undefined {
  const text = typeof value === 'number' ? numberText(value) : value.trim().replace(',', '.');
  if (text === undefined) return undefined;
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = ''] = m;
  const digits = `${frac}000`;
  let minor = Number(whole) * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' && minor !== 0 ? -minor : minor;
}

function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // String() gives the shortest round-trip form (12.3, not 12.299999…); exponents only for huge/tiny values.
  const s = String(n);
  return /e/i.test(s) ? undefined : s;
}
