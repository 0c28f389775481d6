import { createHttpClient } from '../../../../src/core/http/client.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { ConnectorDeps } from '../../../../src/core/connectors/contract.js';

/** Deps without Redis or network use: the CPA adapter only parses pushed leads. */
export function deps(connectorId = 'cpa-landing'): ConnectorDeps {
  const unused = () => Promise.reject(new Error('not expected'));
  return {
    connectorId,
    http: createHttpClient({ logger: silentLogger, fetch: () => Promise.reject(new Error('the CPA adapter must not call out')) }),
    logger: silentLogger,
    clock: fixedClock('2026-11-23T09:00:00+03:00'),
    cache: { get: unused, set: unused, delete: unused, cached: unused },
  };
}
