import type { DeliveryServices } from '../connectors/contract.js';
import type { Hub } from '../hub.js';

/** The hub's quote engine and booking queue, lent to CRMs that use the hub as their delivery service. */
export function deliveryServices(hub: Hub): DeliveryServices {
  return {
    async quote(req) {
      const { allFailed: _allFailed, ...res } = await hub.quotes.quote(req);
      return res;
    },
    async book(intent) {
      if (intent.shipmentId) {
        const existing = await hub.shipments.store.find(intent.shipmentId);
        if (existing) return { shipmentId: existing.id, trackNumber: existing.trackNumber, status: existing.state };
      }
      const { shipment } = await hub.shipments.request(intent.orderExternalId, {
        connectorId: intent.connectorId,
        service: intent.service,
        pickupPointCode: intent.pickupPointCode,
        parcels: intent.parcels,
      });
      return { shipmentId: shipment.id, trackNumber: shipment.trackNumber, status: shipment.state };
    },
    async shipment(id) {
      const s = await hub.shipments.store.find(id);
      return s ? { shipmentId: s.id, status: s.state, updatedAt: s.updatedAt, trackNumber: s.trackNumber, connectorId: s.connectorId, service: s.service, message: s.lastError } : null;
    },
    async cancel(id) {
      await hub.shipments.cancel(id);
    },
  };
}
