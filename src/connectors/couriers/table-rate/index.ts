import { defineCourier } from '../../../core/connectors/contract.js';
import { TableRateConfig } from './config.js';
import { rate } from './rates.js';

/** The shop's own couriers: zones, weight brackets and day ranges from config, no network. */
export const tableRate = defineCourier({
  type: 'table-rate',
  title: "Own couriers (table rates)",
  configSchema: TableRateConfig,
  secretFields: [],
  create(config) {
    return {
      async quote(input) {
        return rate(config, input.destination, input.parcels, input.declaredValue);
      },
      async test() {
        return { ok: true, detail: `${config.zones.length} zone(s): ${config.zones.map((z) => z.name).join(', ')}` };
      },
    };
  },
});
