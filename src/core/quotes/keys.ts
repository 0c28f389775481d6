/**
 * Redis keys of the quote engine, under the hub's prefix. Hash tags keep what one command touches
 * in one cluster slot: the cached answers of one request share the request digest's slot (one
 * MGET), breaker state shares `{quote-breaker}`, and a courier's pickup points share `{pp:<id>}`
 * so a refresh can swap them in with one RENAME.
 */
export function quoteKeys(prefix: string) {
  const p = prefix;
  return {
    answer: (digest: string, connectorId: string) => `${p}:{qc:${digest}}:${connectorId}`,
    breakerOpen: (connectorId: string) => `${p}:{quote-breaker}:open:${connectorId}`,
    breakerTripped: (connectorId: string) => `${p}:{quote-breaker}:tripped:${connectorId}`,
    breakerFails: (connectorId: string) => `${p}:{quote-breaker}:fails:${connectorId}`,
    breakerProbe: (connectorId: string) => `${p}:{quote-breaker}:probe:${connectorId}`,
    breakerHold: (connectorId: string) => `${p}:{quote-breaker}:hold:${connectorId}`,
    pickupByCity: (connectorId: string) => `${p}:{pp:${connectorId}}:by-city`,
    pickupStaging: (connectorId: string, token: string) => `${p}:{pp:${connectorId}}:staging:${token}`,
    pickupMeta: (connectorId: string) => `${p}:{pp:${connectorId}}:meta`,
  };
}
export type QuoteKeys = ReturnType<typeof quoteKeys>;
