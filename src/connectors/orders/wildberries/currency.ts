/** ISO 4217 numeric → alphabetic, for the currencies WB sells in and pays out. */
export const ISO_NUMERIC: Readonly<Record<number, string>> = {
  643: 'RUB',
  933: 'BYN',
  398: 'KZT',
  51: 'AMD',
  417: 'KGS',
  860: 'UZS',
  972: 'TJS',
  981: 'GEL',
  944: 'AZN',
  156: 'CNY',
  840: 'USD',
  978: 'EUR',
};

export function currencyOf(code: number | null | undefined): string | undefined {
  return code == null ? undefined : ISO_NUMERIC[code];
}
