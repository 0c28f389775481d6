import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commercemlConfig } from '../../../../src/connectors/stock/commerceml/config.js';
import { ThreadImporter } from '../../../../src/connectors/stock/commerceml/thread-importer.js';
import { ConnectorError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { testRedisUrl } from '../../../helpers/redis.js';
import { useTestHub } from '../../../helpers/hub.js';

const dir = mkdtempSync(join(tmpdir(), 'cml-thread-'));
const file = (name: string, xml: string) => {
  const path = join(dir, name);
  writeFileSync(path, xml);
  return path;
};
const cfg = commercemlConfig.parse({ login: '1c', password: 'p', warehouseMap: { W1: 'main' } });
const catalog = `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><Каталог СодержитТолькоИзменения="false"><Товары><Товар><Ид>T-100</Ид><Артикул>THREAD-1</Артикул><Наименование>Нить</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`;
// Offers name the product by its 1C Ид only: the SKU comes from the catalog the thread remembers.
const offers = `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="true"><Предложения><Предложение><Ид>T-100</Ид><Склад ИдСклада="W1" КоличествоНаСкладе="7"/></Предложение></Предложения></ПакетПредложений></КоммерческаяИнформация>`;

describe('ThreadImporter', () => {
  const t = useTestHub();
  let importer: ThreadImporter;
  afterAll(() => importer?.close());

  it('imports in its own thread through its own Redis connection, remembering the catalog between files', async () => {
    importer = new ThreadImporter({ redisUrl: testRedisUrl(), keyPrefix: t.prefix, logger: silentLogger });
    const first = await importer.importFile({ connectorId: 'c1', config: cfg, path: file('import.xml', catalog) });
    expect(first).toMatchObject({ products: 1, stock: 'none' });
    const second = await importer.importFile({ connectorId: 'c1', config: cfg, path: file('offers.xml', offers) });
    expect(second).toMatchObject({ offers: 1, stock: 'partial', levels: 1 });
    const view = await t.hub.stock.view('T-100');
    expect(view).toMatchObject({ sku: 'THREAD-1', onHand: 7 });
  });

  it('maps offers through the hub catalog in a new thread that never saw import.xml', async () => {
    const fresh = new ThreadImporter({ redisUrl: testRedisUrl(), keyPrefix: t.prefix, logger: silentLogger });
    try {
      const r = await fresh.importFile({ connectorId: 'c1', config: cfg, path: file('offers-restart.xml', offers.replace('КоличествоНаСкладе="7"', 'КоличествоНаСкладе="11"')) });
      expect(r).toMatchObject({ stock: 'partial', levels: 1 });
      expect(await t.hub.stock.view('THREAD-1')).toMatchObject({ onHand: 11 });
      expect(await t.hub.redis.hget(t.hub.keys.stockOnHand('main'), 'T-100')).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('rejects a refused file with the ConnectorError and reason the thread gave', async () => {
    const err = await importer.importFile({ connectorId: 'c1', config: cfg, path: file('bad.xml', '<КоммерческаяИнформация><Каталог>') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toMatch(/truncated/);
  });

  it('fails the imports of a thread that stops, and starts a new thread for the next one', async () => {
    const pending = importer.importFile({ connectorId: 'c1', config: cfg, path: file('offers2.xml', offers) });
    await importer.close();
    await expect(pending).rejects.toThrow(/import thread exited/);
    await expect(importer.importFile({ connectorId: 'c2', config: cfg, path: file('offers3.xml', offers.replace('T-100', 'T-200')) })).resolves.toMatchObject({ levels: 1 });
    expect((await t.hub.stock.view('T-200')).onHand).toBe(7);
  });

  it('fails an import that outgrows the thread heap with a reason 1C can show, and recovers', async () => {
    const small = new ThreadImporter({ redisUrl: testRedisUrl(), keyPrefix: t.prefix, logger: silentLogger, heapMb: 24 });
    try {
      const many = Array.from({ length: 150_000 }, (_, i) => `<Предложение><Ид>BIG-${i}</Ид><Артикул>BIG-ARTICLE-${i}</Артикул><Склад ИдСклада="W1" КоличествоНаСкладе="${i}"/></Предложение>`).join('');
      const path = file('big.xml', `<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="true"><Предложения>${many}</Предложения></ПакетПредложений></КоммерческаяИнформация>`);
      const err = await small.importFile({ connectorId: 'c1', config: cfg, path }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectorError);
      expect((err as Error).message).toMatch(/SVYAZKA_IMPORT_HEAP_MB=24/);
      expect((await t.hub.stock.view('BIG-ARTICLE-1').catch(() => undefined))?.onHand).toBeUndefined();
      await expect(small.importFile({ connectorId: 'c1', config: cfg, path: file('offers4.xml', offers) })).resolves.toMatchObject({ levels: 1 });
    } finally {
      await small.close();
    }
  });
});
