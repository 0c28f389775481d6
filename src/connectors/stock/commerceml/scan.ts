import { bad, createDecoder, sniffEncoding, type XmlEncoding } from './decode.js';
import { XmlStream } from './sax.js';
import { Capture, child, childrenOf, requisites, textOf, type XNode } from './tree.js';

export interface CmlGroup { id: string; name: string; parentId?: string }
export interface CmlProperty { id: string; name: string; values: Map<string, string> }
export interface CmlPriceType { id: string; name: string; currency?: string }
export interface CmlProduct {
  id: string;
  article?: string;
  name: string;
  barcode?: string;
  groupIds: string[];
  /** Свойство Ид → raw Значение (a value Ид for reference properties). */
  props: [string, string][];
  reqs: Record<string, string>;
  /** `Статус="Удален"` (or ПометкаУдаления): 1C deleted it; not imported. */
  deleted: boolean;
}
export interface CmlOffer {
  /** `product` or `product#characteristic`. */
  id: string;
  article?: string;
  name?: string;
  prices: { typeId?: string; amount: string; currency?: string }[];
  total?: string;
  stocks: { warehouseId: string; qty: string }[];
}
/** What one CommerceML file says, read in one streaming pass. */
export interface CmlScan {
  encoding: XmlEncoding;
  /** `2.03` … `2.10`, `3.1`: from the namespace when it is specific, else from ВерсияСхемы. */
  schema: string;
  groups: CmlGroup[];
  properties: CmlProperty[];
  priceTypes: CmlPriceType[];
  warehouses: { id: string; name: string }[];
  catalog?: { onlyChanges?: boolean; products: CmlProduct[] };
  offers?: { onlyChanges?: boolean; offers: CmlOffer[] };
  documents: XNode[];
}

const WANT = new Set(['Группы', 'Свойства', 'ТипыЦен', 'Склады', 'Товар', 'Предложение', 'Документ']);

export interface ScanOptions {
  /**
   * Takes each offer as it is parsed; when it returns true the offer is consumed and not kept in
   * `scan.offers.offers` (an offers.xml of 100,000 offers need not be held whole).
   */
  onOffer?: (offer: CmlOffer, scan: CmlScan) => boolean;
}

/** Reads a CommerceML file from its bytes (whole or in chunks); throws ConnectorError('invalid_request') on bad input. */
export async function scanCml(source: Uint8Array | AsyncIterable<Uint8Array>, opts: ScanOptions = {}): Promise<CmlScan> {
  const scan: CmlScan = { encoding: 'utf-8', schema: '', groups: [], properties: [], priceTypes: [], warehouses: [], documents: [] };
  let version = '';
  let ns = '';
  const cap = new Capture(
    (p) => p.length >= 2 && WANT.has(p[p.length - 1]!) && wanted(p),
    (p, n) => collect(scan, p, n, opts),
    (p, attrs) => {
      if (p.length === 1) {
        if (p[0] !== 'КоммерческаяИнформация') throw bad(`not a CommerceML file: the root element is <${p[0]}>, expected <КоммерческаяИнформация>`);
        version = attrs['ВерсияСхемы'] ?? '';
        ns = attrs['xmlns'] ?? '';
      } else if (p.length === 2) {
        const only = parseBool(attrs['СодержитТолькоИзменения']);
        if (p[1] === 'Каталог') scan.catalog = { onlyChanges: only, products: [] };
        if (p[1] === 'ПакетПредложений') scan.offers ??= { onlyChanges: only, offers: [] };
        if (p[1] === 'ИзмененияПакетаПредложений') scan.offers ??= { onlyChanges: true, offers: [] };
      }
    },
  );
  const xml = new XmlStream(cap);
  let decoder: ReturnType<typeof createDecoder> | undefined;
  let head: Uint8Array = new Uint8Array(0);
  const feed = (bytes: Uint8Array) => {
    if (!decoder) {
      head = head.length ? concat(head, bytes) : bytes;
      if (head.length < 256) return;
      bytes = head;
      const sniffed = sniffEncoding(bytes);
      decoder = createDecoder(sniffed.encoding);
      scan.encoding = sniffed.encoding;
    }
    xml.write(decoder.write(bytes));
  };
  if (source instanceof Uint8Array) feed(source);
  else {
    for await (const chunk of source) {
      feed(chunk);
      // A file stream hands over buffered chunks as microtasks: let sockets and timers run between them.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  if (!decoder) {
    if (!head.length) throw bad('CommerceML file is empty');
    const sniffed = sniffEncoding(head);
    decoder = createDecoder(sniffed.encoding);
    scan.encoding = sniffed.encoding;
    xml.write(decoder.write(head));
  }
  xml.write(decoder.end());
  xml.end();
  scan.schema = detectSchema(ns, version);
  return scan;
}

function wanted(p: readonly string[]): boolean {
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  switch (last) {
    case 'Группы':
    case 'Свойства':
      return p.length === 3 && parent === 'Классификатор';
    case 'ТипыЦен':
    case 'Склады':
      return p.length === 3;
    case 'Товар':
      return p.length === 4 && p[1] === 'Каталог';
    case 'Предложение':
      return p.length === 4 && parent === 'Предложения';
    case 'Документ':
      return p.length === 2;
  }
  return false;
}

function collect(scan: CmlScan, p: readonly string[], n: XNode, opts: ScanOptions): void {
  switch (n.name) {
    case 'Группы':
      return walkGroups(n, undefined, scan.groups);
    case 'Свойства':
      for (const s of [...childrenOf(n, 'Свойство'), ...childrenOf(n, 'СвойствоНоменклатуры')]) {
        const values = new Map<string, string>();
        for (const v of child(s, 'ВариантыЗначений')?.children ?? []) {
          const id = textOf(v, 'ИдЗначения');
          if (id) values.set(id, textOf(v, 'Значение') ?? '');
        }
        const id = textOf(s, 'Ид');
        if (id) scan.properties.push({ id, name: textOf(s, 'Наименование') ?? id, values });
      }
      return;
    case 'ТипыЦен':
      for (const t of childrenOf(n, 'ТипЦены')) {
        const id = textOf(t, 'Ид');
        if (id) scan.priceTypes.push({ id, name: textOf(t, 'Наименование') ?? id, currency: textOf(t, 'Валюта') });
      }
      return;
    case 'Склады':
      for (const s of childrenOf(n, 'Склад')) {
        const id = textOf(s, 'Ид');
        if (id) scan.warehouses.push({ id, name: textOf(s, 'Наименование') ?? id });
      }
      return;
    case 'Товар':
      return void scan.catalog?.products.push(toProduct(n));
    case 'Предложение': {
      if (!scan.offers) return;
      const offer = toOffer(n, p[1] === 'ИзмененияПакетаПредложений');
      if (!opts.onOffer?.(offer, scan)) scan.offers.offers.push(offer);
      return;
    }
    case 'Документ':
      scan.documents.push(n);
  }
}

function walkGroups(n: XNode, parentId: string | undefined, out: CmlGroup[]): void {
  for (const g of childrenOf(n, 'Группа')) {
    const id = textOf(g, 'Ид');
    if (!id) continue;
    out.push({ id, name: textOf(g, 'Наименование') ?? id, parentId });
    const sub = child(g, 'Группы');
    if (sub) walkGroups(sub, id, out);
  }
}

function toProduct(n: XNode): CmlProduct {
  const props: [string, string][] = [];
  for (const v of childrenOf(child(n, 'ЗначенияСвойств'), 'ЗначенияСвойства')) {
    const id = textOf(v, 'Ид');
    if (id) for (const z of childrenOf(v, 'Значение')) props.push([id, z.text.trim()]);
  }
  const reqs = requisites(n);
  return {
    id: textOf(n, 'Ид') ?? '',
    article: textOf(n, 'Артикул'),
    name: textOf(n, 'Наименование') ?? '',
    barcode: textOf(n, 'Штрихкод') ?? reqs['Штрихкод'],
    groupIds: childrenOf(child(n, 'Группы'), 'Ид').map((g) => g.text.trim()),
    props,
    reqs,
    deleted: /удал/i.test(n.attrs['Статус'] ?? '') || parseBool(textOf(n, 'ПометкаУдаления')) === true,
  };
}

const interned = new Map<string, string>();
/** One string per warehouse or price type Ид, not one per offer (100,000 offers × 5 warehouses). */
function intern(v: string): string;
function intern(v: string | undefined): string | undefined;
function intern(v: string | undefined): string | undefined {
  if (v === undefined) return v;
  const hit = interned.get(v);
  if (hit !== undefined) return hit;
  if (interned.size > 10_000) interned.clear();
  interned.set(v, v);
  return v;
}

function toOffer(n: XNode, changes: boolean): CmlOffer {
  let id = textOf(n, 'Ид') ?? '';
  const charId = textOf(n, 'ИдХарактеристики');
  if (charId && !id.includes('#')) id = `${id}#${charId}`;
  const stocks: CmlOffer['stocks'] = [];
  for (const s of n.children) {
    if ((s.name === 'Склад' || (changes && s.name === 'Склады')) && s.attrs['ИдСклада']) {
      stocks.push({ warehouseId: intern(s.attrs['ИдСклада']), qty: s.attrs['КоличествоНаСкладе'] ?? '0' });
    } else if (s.name === 'Остатки') {
      for (const r of childrenOf(s, 'Остаток')) {
        const w = child(r, 'Склад');
        const wid = textOf(w, 'Ид');
        if (wid) stocks.push({ warehouseId: intern(wid), qty: textOf(w, 'Количество') ?? textOf(r, 'Количество') ?? '0' });
        else if (textOf(r, 'Количество') !== undefined && !w) stocks.push({ warehouseId: '', qty: textOf(r, 'Количество')! });
      }
    }
  }
  return {
    id,
    article: textOf(n, 'Артикул'),
    name: textOf(n, 'Наименование'),
    prices: childrenOf(child(n, 'Цены'), 'Цена').map((c) => ({
      typeId: intern(textOf(c, 'ИдТипаЦены')),
      amount: textOf(c, 'ЦенаЗаЕдиницу') ?? '',
      currency: intern(textOf(c, 'Валюта')),
    })),
    total: textOf(n, 'Количество'),
    stocks,
  };
}

export function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  return s === 'true' || s === '1' || s === 'истина' ? true : s === 'false' || s === '0' || s === 'ложь' ? false : undefined;
}

function detectSchema(ns: string, version: string): string {
  const m = /commerceml_(\d)(\d*)$/.exec(ns.trim());
  if (m && m[2]) return `${m[1]}.${m[2]}`;
  if (m?.[1] === '3') return version.startsWith('3') ? version : '3';
  const v = version.trim() || (m ? '2' : '');
  if (v && !/^[23](\.|$)/.test(v)) throw bad(`CommerceML schema version ${v} is not supported (2.03 to 2.10 and 3.x are)`);
  return v || '2';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
