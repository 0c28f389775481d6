import { defineCourier } from '../../../core/connectors/contract.js';
import { TableRateConfig } from './config.js';
import { rate } from './rates.js';
import { deliverySheet } from './sheet.js';

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
      // The shop's own couriers: the booking is the hub's own record, the same for every attempt.
      async book(req) {
        return { state: 'booked', courierId: `OWN-${req.shipmentId}`, trackNumber: req.shipmentId };
      },
      async findBooking() {
        return null;
      },
      async label(ref) {
        return { contentType: 'text/html; charset=utf-8', body: new TextEncoder().encode(deliverySheet(config.carrier, ref.shipmentId, ref.trackNumber)) };
      },
      async test() {
        return { ok: true, detail: `${config.zones.length} zone(s): ${config.zones.map((z) => z.name).join(', ')}` };
      },
    };
  },
});
