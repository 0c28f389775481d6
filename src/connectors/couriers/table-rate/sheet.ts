const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable delivery sheet for the shop's own courier: what the driver carries with the parcel. */
export function deliverySheet(carrier: string, shipmentId: string, trackNumber?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Delivery sheet ${esc(shipmentId)}</title></head>
<body><h1>${esc(carrier)}</h1><p>Shipment: <strong>${esc(shipmentId)}</strong></p><p>Track: ${esc(trackNumber ?? shipmentId)}</p></body></html>`;
}
