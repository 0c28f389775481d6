import type { Address, Parcel } from '../../../core/model/index.js';
import type { CourierRate, QuoteOutcome } from '../../../core/connectors/contract.js';
import type { TableRateConfig, TableRateZone } from './config.js';

const norm = (s: string) => s.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е');

export function matchZone(zones: TableRateZone[], to: Address): TableRateZone | undefined {
  return zones.find(({ match: m }) => {
    if (m.countries && !m.countries.some((c) => c.toUpperCase() === to.country)) return false;
    if (m.regions && !(to.region && m.regions.some((r) => norm(r) === norm(to.region!)))) return false;
    if (m.cities && !m.cities.some((c) => norm(c) === norm(to.city))) return false;
    if (m.postcodePrefixes && !(to.postcode && m.postcodePrefixes.some((p) => to.postcode!.startsWith(p)))) return false;
    return true;
  });
}

/** Prices the parcels by the first matching zone and the first weight bracket that holds them. */
export function rate(config: TableRateConfig, to: Address, parcels: Parcel[], declaredValue: number): QuoteOutcome {
  const zone = matchZone(config.zones, to);
  if (!zone) return { rates: [], noService: `no delivery zone covers ${to.city}, ${to.country}` };
  const weight = parcels.reduce((s, p) => s + p.weight, 0);
  const bracket = [...zone.rates].sort((a, b) => a.upToGrams - b.upToGrams).find((b) => weight <= b.upToGrams);
  if (!bracket) return { rates: [], noService: `${weight} g is above the heaviest bracket of zone '${zone.name}'` };
  const free = zone.freeOver !== undefined && declaredValue >= zone.freeOver;
  const r: CourierRate = {
    carrier: config.carrier,
    service: zone.id,
    serviceName: zone.name,
    deliveryType: zone.deliveryType,
    price: { amount: free ? 0 : bracket.price, currency: config.currency },
    days: zone.days,
    dayKind: config.dayKind,
    codAvailable: zone.codAvailable,
  };
  return { rates: [r] };
}
