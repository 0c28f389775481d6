import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { fixture, makeCtx, MemoryWriter, run1c } from './fake-1c.js';

const enc = (s: string) => new TextEncoder().encode(s);
const OFFERS = (only: string, body: string) =>
  enc(`<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.08"><ПакетПредложений ${only}>
<Склады><Склад><Ид>W1</Ид><Наименование>Москва</Наименование></Склад><Склад><Ид>W2</Ид><Наименование>Тверь</Наименование></Склад></Склады>
<Предложения>${body}</Предложения></ПакетПредложений></КоммерческаяИнформация>`);
const offer = (id: string, art: string, w1: number, w2?: number) =>
  `<Предложение><Ид>${id}</Ид><Артикул>${art}</Артикул><Склад ИдСклада="W1" КоличествоНаСкладе="${w1}"/>${w2 === undefined ? '' : `<Склад ИдСклада="W2" КоличествоНаСкладе="${w2}"/>`}</Предложение>`;

async function seeded(config: Parameters<typeof makeCtx>[0] = {}) {
  const writer = new MemoryWriter();
  await writer.setLevels([{ warehouseId: 'msk', sku: 'OLD', qty: 7 }]);
  writer.calls.length = 0;
  return makeCtx({ warehouseMap: { W1: 'msk', W2: 'nsk' }, ...config }, writer);
}

describe('commerceml refuses bad files and changes nothing', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    [
      'billion laughs',
      enc(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><КоммерческаяИнформация ВерсияСхемы="2.08"><Каталог><Товары><Товар><Ид>&lol2;</Ид></Товар></Товары></Каталог></КоммерческаяИнформация>`),
      /DOCTYPE\/ENTITY declaration/,
    ],
    [
      'XXE',
      enc(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><КоммерческаяИнформация ВерсияСхемы="2.08"><Каталог><Товары><Товар><Ид>&xxe;</Ид></Товар></Товары></Каталог></КоммерческаяИнформация>`),
      /DOCTYPE\/ENTITY declaration/,
    ],
    ['an undefined entity without a DTD', OFFERS('СодержитТолькоИзменения="true"', offer('P1', '&xxe;', 1)), /undefined or malformed entity "&xxe;"/],
    ['truncated XML', fixture('offers.request.xml').subarray(0, 30_001), /truncated: it ends inside <Цена>/],
    ['XML cut inside a character', fixture('offers.request.xml').subarray(0, 30_000), /truncated: it ends in the middle of a UTF-8 character/],
    ['mismatched tags', enc('<?xml version="1.0"?><КоммерческаяИнформация><ПакетПредложений></Каталог></КоммерческаяИнформация>'), /<\/Каталог> closes <ПакетПредложений>/],
    [
      'windows-1251 bytes declared as UTF-8',
      iconv.encode('<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"></КоммерческаяИнформация>', 'win1251'),
      /declares UTF-8 but its bytes are not valid UTF-8/,
    ],
    [
      'UTF-8 bytes declared as windows-1251',
      enc('<?xml version="1.0" encoding="windows-1251"?><КоммерческаяИнформация ВерсияСхемы="2.08"><Каталог><Товары></Товары></Каталог></КоммерческаяИнформация>'),
      /declares windows-1251 but its bytes are UTF-8/,
    ],
    ['an unknown 1C warehouse', OFFERS('СодержитТолькоИзменения="true"', offer('P1', 'A1', 1) + '<Предложение><Ид>P2</Ид><Склад ИдСклада="W9" КоличествоНаСкладе="4"/></Предложение>'), /1C warehouse\(s\) not in warehouseMap: W9/],
    ['a bad quantity', OFFERS('', offer('P1', 'A1', 1).replace('"1"', '"много"')), /offer P1 has an invalid quantity "много"/],
    ['not CommerceML', enc('<?xml version="1.0"?><html><body/></html>'), /root element is <html>/],
  ];
  for (const [what, data, reason] of cases) {
    it(`Should answer failure for ${what}`, async () => {
      const { ctx, writer } = await seeded();
      const r = await run1c(ctx, [{ name: 'offers.xml', data }], { chunk: 4096 });
      expect(r.imports[0]).toMatch(/^failure\n/);
      expect(r.imports[0]).toMatch(reason);
      expect(writer.calls).toEqual([]);
      expect(writer.qty('msk', 'OLD')).toBe(7);
    });
  }

  const w9 = {
    'a Склад ИдСклада attribute': '<Предложение><Ид>P2</Ид><Артикул>A2</Артикул><Склад ИдСклада="W9" КоличествоНаСкладе="4"/></Предложение>',
    'an Остатки/Остаток/Склад': '<Предложение><Ид>P2</Ид><Артикул>A2</Артикул><Остатки><Остаток><Склад><Ид>W9</Ид><Количество>4</Количество></Склад></Остаток></Остатки></Предложение>',
  };
  for (const [form, unmapped] of Object.entries(w9)) {
    it(`Should refuse an offer naming an unmapped 1C warehouse in ${form} even when defaultWarehouseId is set`, async () => {
      const { ctx, writer } = await seeded({ defaultWarehouseId: 'main' });
      const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', offer('P1', 'A1', 1) + unmapped) }]);
      expect(r.imports[0]).toMatch(/^failure\n.*1C warehouse\(s\) not in warehouseMap: W9\b/);
      expect(writer.calls).toEqual([]);
      expect([writer.qty('msk', 'OLD'), writer.qty('msk', 'A1'), writer.qty('main', 'A2')]).toEqual([7, undefined, undefined]);
    });
  }

  it('Should refuse a full snapshot listing an unmapped Склад even when defaultWarehouseId is set', async () => {
    const { ctx, writer } = await seeded({ warehouseMap: { W1: 'msk' }, defaultWarehouseId: 'main' });
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="false"', '<Предложение><Ид>P1</Ид><Артикул>A1</Артикул><Количество>2</Количество></Предложение>') }]);
    expect(r.imports[0]).toMatch(/^failure\n.*not in warehouseMap: W2 \(Тверь\)/);
    expect(writer.calls).toEqual([]);
  });

  it('Should refuse an Остаток that names no Склад when defaultWarehouseId is not set', async () => {
    const { ctx, writer } = await seeded();
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', '<Предложение><Ид>P1</Ид><Остатки><Остаток><Количество>3</Количество></Остаток></Остатки></Предложение>') }]);
    expect(r.imports[0]).toMatch(/^failure\n.*offer P1 carries only a total Количество and defaultWarehouseId is not set/);
    expect(writer.calls).toEqual([]);
  });

  it('Should name the hub warehouse when warehouseMap points at one the hub does not have', async () => {
    const { ctx, writer } = await seeded({ warehouseMap: { W1: 'spb', W2: 'nsk' } });
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', offer('P1', 'A1', 1)) }]);
    expect(r.imports[0]).toMatch(/^failure\n.*hub warehouse\(s\) spb/);
    expect(writer.calls).toEqual([]);
  });

  it('Should refuse a file over fileLimitBytes while it is uploaded', async () => {
    const { ctx, writer } = await seeded({ fileLimitBytes: 2048 });
    const big = OFFERS('', offer('P1', 'A1', 1).repeat(40));
    const r = await run1c(ctx, [{ name: 'offers.xml', data: big }], { chunk: 1024 });
    expect(r.uploads).toContain('failure\nfile offers.xml is over the limit of 2048 bytes set in fileLimitBytes; nothing was imported');
    expect(r.imports[0]).toMatch(/^failure\n.*offers\.xml was not uploaded/);
    expect(writer.calls).toEqual([]);
  });
});

describe('commerceml partial and full semantics', () => {
  it('Should treat СодержитТолькоИзменения="true" as a partial update', async () => {
    const { ctx, writer } = await seeded();
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', offer('P1', 'A1', 3, 4)) }]);
    expect(r.imports[0]).toMatch(/^success/);
    expect(writer.calls).toEqual(['set:2']);
    expect([writer.qty('msk', 'A1'), writer.qty('nsk', 'A1'), writer.qty('msk', 'OLD')]).toEqual([3, 4, 7]);
  });

  it('Should treat an upload without the attribute as partial by default', async () => {
    const { ctx, writer } = await seeded();
    await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('', offer('P1', 'A1', 3)) }]);
    expect(writer.qty('msk', 'OLD')).toBe(7);
    expect(writer.calls).toEqual(['set:1']);
  });

  it('Should treat an upload without the attribute as full when fullSnapshotWhenUnspecified is set', async () => {
    const { ctx, writer } = await seeded({ fullSnapshotWhenUnspecified: true });
    await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('', offer('P1', 'A1', 3)) }]);
    expect(writer.calls).toEqual(['replace:msk,nsk']);
    expect([writer.qty('msk', 'OLD'), writer.qty('msk', 'A1'), writer.stock.get('nsk')?.size]).toEqual([undefined, 3, 0]);
  });

  it('Should replace exactly the warehouses a full snapshot names and sum 1C warehouses mapped to one hub warehouse', async () => {
    const { ctx, writer } = await seeded({ warehouseMap: { W1: 'msk', W2: 'msk' } });
    await writer.setLevels([{ warehouseId: 'nsk', sku: 'KEEP', qty: 2 }]);
    writer.calls.length = 0;
    await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="false"', offer('P1', 'A1', 3, 4)) }]);
    expect(writer.calls).toEqual(['replace:msk']);
    expect([writer.qty('msk', 'A1'), writer.qty('msk', 'OLD'), writer.qty('nsk', 'KEEP')]).toEqual([7, undefined, 2]);
  });

  it('Should put offers with only a total Количество into defaultWarehouseId beside mapped ones', async () => {
    const { ctx, writer } = await seeded({ defaultWarehouseId: 'main' });
    const total = '<Предложение><Ид>P2</Ид><Артикул>A2</Артикул><Количество>6</Количество></Предложение>';
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', offer('P1', 'A1', 3) + total) }]);
    expect(r.imports[0]).toMatch(/^success/);
    expect([writer.qty('msk', 'A1'), writer.qty('main', 'A2'), writer.qty('main', 'A1')]).toEqual([3, 6, undefined]);
  });

  it('Should empty the warehouses a full snapshot lists under Склады when it carries no offers', async () => {
    const { ctx, writer } = await seeded();
    await writer.setLevels([{ warehouseId: 'nsk', sku: 'GONE', qty: 2 }, { warehouseId: 'main', sku: 'KEEP', qty: 1 }]);
    writer.calls.length = 0;
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="false"', '') }]);
    expect(r.imports[0]).toMatch(/^success\n.*0 offers, stock full/);
    expect(writer.calls).toEqual(['replace:msk,nsk']);
    expect([writer.stock.get('msk')?.size, writer.stock.get('nsk')?.size, writer.qty('main', 'KEEP')]).toEqual([0, 0, 1]);
  });

  it('Should change nothing for a full snapshot that names no Склады and lists no offers', async () => {
    const { ctx, writer } = await seeded();
    const empty = enc('<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация ВерсияСхемы="2.08"><ПакетПредложений СодержитТолькоИзменения="false"><Предложения></Предложения></ПакетПредложений></КоммерческаяИнформация>');
    const r = await run1c(ctx, [{ name: 'offers.xml', data: empty }]);
    expect(r.imports[0]).toMatch(/^success/);
    expect(writer.calls).toEqual([]);
    expect(writer.qty('msk', 'OLD')).toBe(7);
  });

  it('Should leave stock alone for a partial file that lists Склады and no offers', async () => {
    const { ctx, writer } = await seeded();
    await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('СодержитТолькоИзменения="true"', '') }]);
    expect(writer.calls).toEqual([]);
    expect(writer.qty('msk', 'OLD')).toBe(7);
  });

  it('Should detect 2.10 by namespace even when ВерсияСхемы says 2.08', async () => {
    const { ctx } = await seeded();
    const r = await run1c(ctx, [{ name: 'offers.xml', data: OFFERS('', offer('P1', 'A1', 1)) }]);
    expect(r.imports[0]).toMatch(/CommerceML 2\.10/);
  });
});
