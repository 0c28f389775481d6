/**
 * Decimal amount in major units ("1390.0000", "12990.00", 1259) → integer minor units, using
 * string arithmetic so no float rounding creeps in. Digits beyond the second decimal are rounded
 * half up. Returns `undefined` for anything that is not a plain non-negative decimal.
 */
export function toMinorUnits(value: string | number): number | undefined {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(3, '0');
  let minor = BigInt(whole) * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) minor += 1n;
  const n = Number(minor);
  return Number.isSafeInteger(n) ? n : undefined;
}

function numberToPlain(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  // toFixed(6) keeps what JSON can carry for money without switching to exponent notation.
  return n.toFixed(6);
}
