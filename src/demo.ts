import type { Hub } from './core/hub.js';
import type { CatalogItem, Warehouse } from './core/model/index.js';

const warehouse: Warehouse = {
  id: 'main',
  name: 'Main warehouse (Moscow)',
  address: { country: 'RU', city: 'Москва', postcode: '109316', line: 'Волгоградский проспект, 42' },
  timezone: 'Europe/Moscow',
  handlingDays: 1,
  cutoff: '15:00',
};

const catalog: (CatalogItem & { qty: number })[] = [
  { sku: 'TSHIRT-BLK-M', name: 'T-shirt, black, M', groupId: 'tshirts', groupPath: ['Clothes', 'T-shirts'], weight: 200, length: 30, width: 25, height: 2, price: 149000, currency: 'RUB', qty: 10 },
  { sku: 'TSHIRT-WHT-M', name: 'T-shirt, white, M', groupId: 'tshirts', groupPath: ['Clothes', 'T-shirts'], weight: 200, length: 30, width: 25, height: 2, price: 139000, currency: 'RUB', qty: 5 },
  { sku: 'TSHIRT-GRY-M', name: 'T-shirt, grey, M', groupId: 'tshirts', groupPath: ['Clothes', 'T-shirts'], weight: 200, length: 30, width: 25, height: 2, price: 145000, currency: 'RUB', qty: 0 },
  { sku: 'HOODIE-GRY-L', name: 'Hoodie, grey, L', groupId: 'hoodies', groupPath: ['Clothes', 'Hoodies'], weight: 650, length: 40, width: 30, height: 8, price: 459000, currency: 'RUB', qty: 3 },
  // In stock beside the short grey L, so a refused confirmation in the walk-through offers analogues.
  { sku: 'HOODIE-BLK-L', name: 'Hoodie, black, L', groupId: 'hoodies', groupPath: ['Clothes', 'Hoodies'], weight: 650, length: 40, width: 30, height: 8, price: 449000, currency: 'RUB', qty: 6 },
  { sku: 'HOODIE-GRY-XL', name: 'Hoodie, grey, XL', groupId: 'hoodies', groupPath: ['Clothes', 'Hoodies'], weight: 700, length: 40, width: 30, height: 8, price: 479000, currency: 'RUB', qty: 2 },
  { sku: 'MUG-CLASSIC', name: 'Mug, classic 330 ml', groupId: 'mugs', groupPath: ['Home', 'Mugs'], weight: 400, length: 12, width: 12, height: 10, price: 59000, currency: 'RUB', qty: 20 },
];

/** The shop's own couriers in the demo: Moscow, Saint Petersburg, the rest of Russia. */
const ownCourierConfig = {
  carrier: 'Own couriers',
  currency: 'RUB',
  dayKind: 'business',
  zones: [
    { id: 'msk', name: 'Moscow, to the door', match: { countries: ['RU'], cities: ['Москва', 'Moscow'] }, deliveryType: 'door', rates: [{ upToGrams: 5000, price: 35000 }, { upToGrams: 20000, price: 60000 }], days: { min: 1, max: 1 }, freeOver: 500000, codAvailable: true },
    { id: 'spb', name: 'Saint Petersburg, to the door', match: { countries: ['RU'], cities: ['Санкт-Петербург', 'Saint Petersburg'] }, deliveryType: 'door', rates: [{ upToGrams: 5000, price: 45000 }, { upToGrams: 20000, price: 80000 }], days: { min: 1, max: 2 }, codAvailable: true },
    { id: 'ru', name: 'Rest of Russia, to the door', match: { countries: ['RU'] }, deliveryType: 'door', rates: [{ upToGrams: 5000, price: 69000 }, { upToGrams: 20000, price: 129000 }], days: { min: 3, max: 7 }, codAvailable: false },
  ],
};

/**
 * Seeds the demo shop into an empty store, so the README's walk-through works on a fresh start.
 * A store that has any warehouse or connector is left alone.
 */
export async function seedDemo(hub: Hub): Promise<boolean> {
  const claimed = await hub.redis.hsetnx(hub.keys.meta, 'demoSeeded', new Date().toISOString());
  if (!claimed) return false;
  if ((await hub.warehouses.ids()).length || (await hub.connectors.list()).length) return false;
  const now = hub.clock.now();
  await hub.warehouses.put(warehouse);
  await hub.connectors.put({ id: 'own-courier', type: 'table-rate', enabled: true, config: ownCourierConfig }, now);
  await hub.connectors.put({ id: 'site', type: 'site-webhook', enabled: true, config: {} }, now);
  await hub.stock.upsertCatalog(catalog.map(({ qty: _qty, ...item }) => item));
  await hub.stock.replaceWarehouses(new Map([[warehouse.id, new Map(catalog.map((c) => [c.sku, c.qty]))]]));
  return true;
}
