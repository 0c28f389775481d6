import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { confirmations } from './foundation.js';
import { benchRedis, fmt, percentile, startServer, type Row } from './lib.js';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const WAREHOUSES = 5;
const GROUPS = 200;
/** 1C splits a file into requests; the connector's fileLimitBytes bounds the whole file (1 GB here). */
const CHUNK = 8 * 1024 * 1024;
const TOKEN = 'bench-admin-token-0123456789';
const NS = 'xmlns="urn:1C.ru:commerceml_210" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const whId = (w: number) => `0b1d2c3e-0000-11e7-80c2-00000000000${w}`;
const productId = (i: number) => `6f1c0a${String(i).padStart(8, '0')}-18f9-11e7-80c2-0cc47ab29cd1`;

/**
 * Issue 3: a 1C upload of 100,000 offers × 5 warehouses through the real `/1c/:id/exchange` route
 * on a hub child process (first chunk → `success`), against a bare fast-xml-parser parse of the
 * same file; the hub's peak RSS; quote p99 while the import runs, against quote p99 at rest; and
 * single-line confirmations/s with 50 clients against raw EVALSHA (the foundation bench's measure).
 */
export async function run(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'svyazka-bench-cml-'));
  const redis = await benchRedis();
  try {
    const { importXml, offersXml } = await writeSamples(dir);
    const offersSize = statSync(offersXml).size;
    const importSize = statSync(importXml).size;

    const bare: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      new XMLParser({ ignoreAttributes: false }).parse(readFileSync(offersXml));
      bare.push(performance.now() - t0);
    }
    const bareMs = Math.min(...bare);

    const hub = await startServer('bench/servers/hub.ts', { REDIS_URL: redis.url, SVYAZKA_ADMIN_TOKEN: TOKEN });
    const base = `http://127.0.0.1:${hub.port}`;
    const api = async (method: string, path: string, body: unknown) => {
      const r = await fetch(base + path, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    };
    const warehouseMap: Record<string, string> = {};
    for (let w = 1; w <= WAREHOUSES; w++) {
      await api('PUT', `/v1/admin/warehouses/bw${w}`, { name: `Bench ${w}`, address: { country: 'RU', city: 'Москва' }, timezone: 'Europe/Moscow', handlingDays: 0, cutoff: '14:00' });
      warehouseMap[whId(w)] = `bw${w}`;
    }
    await api('PUT', '/v1/admin/connectors/bench-1c', { id: 'bench-1c', type: 'commerceml', config: { login: '1c', password: 'bench-1c-password', warehouseMap, priceType: 'Розничная', fileLimitBytes: 1024 ** 3 } });

    const rest = await quoteLoad(base, 3000);
    const hwmBefore = vmHwm(hub.child.pid!);
    const imported = await exchange(base, importXml);
    const hwmCatalog = vmHwm(hub.child.pid!);
    const stop = { done: false };
    const during = quoteLoad(base, Infinity, stop);
    const offers = await exchange(base, offersXml);
    stop.done = true;
    const busy = await during;
    const hwm = vmHwm(hub.child.pid!);
    const check = await fetch(`${base}/v1/stock?sku=ART-${PRODUCTS - 1}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json() as Promise<{ onHand: number; warehouses: unknown[] }>);
    await hub.stop();
    if (check.warehouses.length !== WAREHOUSES) throw new Error(`the import did not land: ${JSON.stringify(check)}`);

    const section = `1C import (${fmt(PRODUCTS)} offers × ${WAREHOUSES} warehouses)`;
    const confirms = process.env.BENCH_SKIP_CONFIRM ? [] : await confirmations(redis.url);
    return [
      ...confirms,
      { section, what: `offers.xml (${fmt(offersSize / 1024 ** 2, 1)} MB): first chunk → success`, median: `${fmt(offers.ms)} ms`, baseline: `${fmt(bareMs)} ms (bare fast-xml-parser parse)`, ratio: `${fmt(offers.ms / bareMs, 2)}×`, note: `${offers.chunks} chunks of ${CHUNK / 1024 ** 2} MB, ${offers.progress} progress answers; ${offers.answer.split('\n')[1]?.slice(0, 90) ?? ''}` },
      { section, what: `import.xml (${fmt(importSize / 1024 ** 2, 1)} MB): first chunk → success`, median: `${fmt(imported.ms)} ms`, note: `${imported.chunks} chunks; catalog of ${fmt(PRODUCTS)} products in ${GROUPS} groups` },
      { section, what: 'hub peak RSS (VmHWM)', median: `${fmt(hwm / 1024, 0)} MB`, baseline: `${fmt(offersSize / 1024 ** 2, 1)} MB (offers.xml)`, ratio: `${fmt(hwm / (offersSize / 1024), 2)}× file`, note: `VmHWM before the imports ${fmt(hwmBefore / 1024, 0)} MB, after import.xml ${fmt(hwmCatalog / 1024, 0)} MB` },
      { section, what: 'POST /v1/quotes p99 during the offers import', median: `${fmt(percentile(busy, 99), 1)} ms`, baseline: `${fmt(percentile(rest, 99), 1)} ms (at rest)`, note: `${busy.length} quotes from 4 clients during the import, p50 ${fmt(percentile(busy, 50), 1)} ms, max ${fmt(Math.max(...busy), 1)} ms` },
    ];
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the generated import.xml and offers.xml into `dir`. */
export async function writeSamples(dir: string): Promise<{ importXml: string; offersXml: string }> {
  const importXml = join(dir, 'import.xml');
  const offersXml = join(dir, 'offers.xml');
  await writeFile(importXml, importLines());
  await writeFile(offersXml, offersLines());
  return { importXml, offersXml };
}

/** One 1C session for one file: checkauth → init → POST chunks → import until success. */
async function exchange(base: string, file: string): Promise<{ ms: number; chunks: number; progress: number; answer: string }> {
  const url = (q: string) => `${base}/1c/bench-1c/exchange?type=catalog&${q}`;
  const auth = await (await fetch(url('mode=checkauth'), { headers: { authorization: `Basic ${Buffer.from('1c:bench-1c-password').toString('base64')}` } })).text();
  const [, name, value] = auth.split('\n');
  const headers = { cookie: `${name}=${value}` };
  await (await fetch(url('mode=init'), { headers })).text();
  const data = readFileSync(file);
  const filename = file.endsWith('offers.xml') ? 'offers.xml' : 'import.xml';
  const t0 = performance.now();
  let chunks = 0;
  for (let i = 0; i < data.length; i += CHUNK) {
    const r = await (await fetch(url(`mode=file&filename=${filename}`), { method: 'POST', headers, body: data.subarray(i, i + CHUNK) })).text();
    chunks++;
    if (r !== 'success') throw new Error(`upload refused: ${r}`);
  }
  let progress = 0;
  for (;;) {
    const r = await (await fetch(url(`mode=import&filename=${filename}`), { headers })).text();
    if (r.startsWith('progress')) {
      progress++;
      continue;
    }
    if (!r.startsWith('success')) throw new Error(`import failed: ${r}`);
    return { ms: performance.now() - t0, chunks, progress, answer: r };
  }
}

/** Four clients asking for quotes back to back; latencies in ms. */
async function quoteLoad(base: string, forMs: number, stop = { done: false }): Promise<number[]> {
  const body = JSON.stringify({ destination: { country: 'RU', city: 'Санкт-Петербург' }, parcels: [{ weight: 1200, length: 30, width: 20, height: 10 }] });
  const until = performance.now() + forMs;
  const lat: number[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (!stop.done && performance.now() < until) {
        const t0 = performance.now();
        const r = await fetch(`${base}/v1/quotes`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`quote failed: ${r.status}`);
        lat.push(performance.now() - t0);
      }
    }),
  );
  return lat;
}

function vmHwm(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

async function writeFile(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

function* importLines(): Iterable<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ${NS} ВерсияСхемы="2.08" ДатаФормирования="2026-11-23T10:00:00">\n<Классификатор><Ид>cls</Ид><Наименование>Классификатор (Каталог товаров)</Наименование><Группы>\n`;
  for (let g = 0; g < GROUPS; g++) yield `<Группа><Ид>grp-${g}</Ид><Наименование>Группа ${g}</Наименование></Группа>\n`;
  yield `</Группы></Классификатор>\n<Каталог СодержитТолькоИзменения="false"><Ид>cat</Ид><ИдКлассификатора>cls</ИдКлассификатора><Наименование>Каталог товаров</Наименование><Товары>\n`;
  for (let i = 0; i < PRODUCTS; i++) {
    yield `<Товар><Ид>${productId(i)}</Ид><Штрихкод>46${String(i).padStart(11, '0')}</Штрихкод><Артикул>ART-${i}</Артикул><Наименование>Товар номер ${i}, синий</Наименование><БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница><Группы><Ид>grp-${i % GROUPS}</Ид></Группы><ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>Товар</Значение></ЗначениеРеквизита><ЗначениеРеквизита><Наименование>Вес</Наименование><Значение>${(0.1 + (i % 50) / 10).toFixed(3)}</Значение></ЗначениеРеквизита></ЗначенияРеквизитов></Товар>\n`;
  }
  yield `</Товары></Каталог>\n</КоммерческаяИнформация>\n`;
}

function* offersLines(): Iterable<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ${NS} ВерсияСхемы="2.08" ДатаФормирования="2026-11-23T10:00:00">\n<ПакетПредложений СодержитТолькоИзменения="false"><Ид>cat#</Ид><Наименование>Пакет предложений</Наименование><ИдКаталога>cat</ИдКаталога><ИдКлассификатора>cls</ИдКлассификатора>\n`;
  yield `<ТипыЦен><ТипЦены><Ид>price-retail</Ид><Наименование>Розничная</Наименование><Валюта>RUB</Валюта></ТипЦены></ТипыЦен>\n<Склады>`;
  for (let w = 1; w <= WAREHOUSES; w++) yield `<Склад><Ид>${whId(w)}</Ид><Наименование>Склад ${w}</Наименование></Склад>`;
  yield `</Склады>\n<Предложения>\n`;
  for (let i = 0; i < PRODUCTS; i++) {
    const qty = Array.from({ length: WAREHOUSES }, (_, w) => (i * 7 + w * 13) % 40);
    yield `<Предложение><Ид>${productId(i)}</Ид><Артикул>ART-${i}</Артикул><Наименование>Товар номер ${i}, синий</Наименование><БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница><Цены><Цена><Представление>${100 + (i % 900)} RUB за шт</Представление><ИдТипаЦены>price-retail</ИдТипаЦены><ЦенаЗаЕдиницу>${100 + (i % 900)}.50</ЦенаЗаЕдиницу><Валюта>RUB</Валюта><Единица>шт</Единица><Коэффициент>1</Коэффициент></Цена></Цены><Количество>${qty.reduce((a, b) => a + b, 0)}</Количество>${qty.map((q, w) => `<Склад ИдСклада="${whId(w + 1)}" КоличествоНаСкладе="${q}"/>`).join('')}</Предложение>\n`;
  }
  yield `</Предложения></ПакетПредложений>\n</КоммерческаяИнформация>\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await run());
  process.exit(0);
}
