import iconv from 'iconv-lite';
import type { Order, OrderStatus } from '../../../core/model/index.js';
import { parseDecimal } from './catalog.js';
import { parseBool } from './scan.js';
import { STATUS_TO_1C, statusFrom1c } from './status.js';
import { child, childrenOf, requisites, textOf, type XNode } from './tree.js';

/** An order change 1C sends back with `type=sale&mode=file`. */
export interface OrderUpdate {
  /** Документ/Ид: the hub order id the hub sent in `mode=query` (1C echoes it), or 1C's own id. */
  id: string;
  /** Документ/Номер: the site's (external) number or 1C's document number. */
  number?: string;
  date?: string;
  /** Суммa in minor units. */
  total?: number;
  paid?: boolean;
  shipAllowed?: boolean;
  shipped?: boolean;
  cancelled?: boolean;
  final?: boolean;
  statusText?: string;
  statusCode?: string;
  /** The hub status these flags point at; `unknown` when none applies (the hook decides). */
  status: OrderStatus | 'unknown';
  requisites: Record<string, string>;
}

export interface SaleDocumentOptions {
  encoding: 'windows-1251' | 'utf-8';
  now: Date;
  /** 1C Ид of a SKU when the catalog came from this 1C (sent as Товар/Ид so 1C matches its item). */
  oneCId(sku: string): string | undefined;
}

/** Orders → a CommerceML 2.05 document 1C loads from a site (`type=sale&mode=query`). */
export function buildOrdersDocument(orders: Order[], opts: SaleDocumentOptions): Uint8Array {
  const out: string[] = [];
  const decl = opts.encoding === 'utf-8' ? 'UTF-8' : 'windows-1251';
  out.push(`<?xml version="1.0" encoding="${decl}"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="${stamp(opts.now, 'T')}" ФорматДаты="ДФ=yyyy-MM-dd; ДЛФ=DT" ФорматВремени="ДФ=ЧЧ:мм:сс; ДЛФ=T" РазделительДатаВремя="T" ФорматСуммы="ЧЦ=18; ЧДЦ=2; ЧРД=." ФорматКоличества="ЧЦ=18; ЧДЦ=2; ЧРД=.">`);
  for (const o of orders) out.push(documentXml(o, opts));
  out.push('</КоммерческаяИнформация>\n');
  const text = out.join('\n');
  if (opts.encoding === 'windows-1251') return iconv.encode(text, 'win1251');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

function documentXml(o: Order, opts: SaleDocumentOptions): string {
  const a = o.delivery.address;
  const addr = [a.postcode, a.country, a.region, a.city, a.line].filter(Boolean).join(', ');
  const lines = o.lines.map((l) =>
    item({ id: opts.oneCId(l.sku) ?? l.externalIds?.['1c'] ?? l.sku, article: l.sku, name: l.name, price: l.price, qty: l.qty, kind: 'Товар' }),
  );
  if (o.totals.delivery > 0 || o.deliveryPrice !== undefined) {
    lines.push(item({ id: 'ORDER_DELIVERY', name: 'Доставка заказа', price: o.totals.delivery, qty: 1, kind: 'Услуга' }));
  }
  const paid = typeof o.sourceData?.['paid'] === 'boolean' ? (o.sourceData['paid'] as boolean) : o.payment.method === 'prepaid';
  const reqs: [string, string][] = [
    ['Номер заказа на сайте', o.externalId],
    ['Источник заказа', o.source],
    ['Метод оплаты', o.payment.method === 'cod' ? 'Наложенный платеж' : 'Предоплата'],
    ['Заказ оплачен', String(paid)],
    ['Доставка разрешена', String(!['new', 'cancelled'].includes(o.status))],
    ['Отменен', String(o.status === 'cancelled')],
    ['Финальный статус', String(['delivered', 'cancelled', 'returned'].includes(o.status))],
    ['Статус заказа', STATUS_TO_1C[o.status]],
    ['Статуса заказа ИД', STATUS_TO_1C[o.status].slice(1, 2)],
    ['Дата изменения статуса', stamp(new Date(o.updatedAt), ' ')],
    ['Адрес доставки', addr],
  ];
  const contacts = [['Телефон рабочий', o.customer.phone], ...(o.customer.email ? [['Почта', o.customer.email]] : [])];
  return `  <Документ>
    <Ид>${x(o.id)}</Ид>
    <Номер>${x(o.externalId)}</Номер>
    <Дата>${o.createdAt.slice(0, 10)}</Дата>
    <Время>${o.createdAt.slice(11, 19)}</Время>
    <ХозОперация>Заказ товара</ХозОперация>
    <Роль>Продавец</Роль>
    <Валюта>${x(o.currency)}</Валюта>
    <Курс>1</Курс>
    <Сумма>${money(o.totals.total)}</Сумма>
    <Контрагенты>
      <Контрагент>
        <Ид>${x(`${o.source}#${o.customer.phone}`)}</Ид>
        <Наименование>${x(o.customer.name)}</Наименование>
        <ПолноеНаименование>${x(o.customer.name)}</ПолноеНаименование>
        <Роль>Покупатель</Роль>
        <АдресРегистрации>
          <Представление>${x(addr)}</Представление>
${[['Почтовый индекс', a.postcode], ['Страна', a.country], ['Регион', a.region], ['Город', a.city], ['Улица', a.line]]
  .filter((f) => f[1])
  .map((f) => `          <АдресноеПоле><Тип>${f[0]}</Тип><Значение>${x(f[1]!)}</Значение></АдресноеПоле>`)
  .join('\n')}
        </АдресРегистрации>
        <Контакты>
${contacts.map((c) => `          <Контакт><Тип>${c[0]}</Тип><Значение>${x(c[1]!)}</Значение></Контакт>`).join('\n')}
        </Контакты>
      </Контрагент>
    </Контрагенты>
    <Комментарий>${x(o.comment ?? '')}</Комментарий>
    <Товары>
${lines.join('\n')}
    </Товары>
    <ЗначенияРеквизитов>
${reqs.map(([k, v]) => `      <ЗначениеРеквизита><Наименование>${k}</Наименование><Значение>${x(v)}</Значение></ЗначениеРеквизита>`).join('\n')}
    </ЗначенияРеквизитов>
  </Документ>`;
}

function item(i: { id: string; article?: string; name: string; price: number; qty: number; kind: 'Товар' | 'Услуга' }): string {
  return `      <Товар>
        <Ид>${x(i.id)}</Ид>${i.article ? `\n        <Артикул>${x(i.article)}</Артикул>` : ''}
        <Наименование>${x(i.name)}</Наименование>
        <БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>
        <ЦенаЗаЕдиницу>${money(i.price)}</ЦенаЗаЕдиницу>
        <Количество>${i.qty}</Количество>
        <Сумма>${money(i.price * i.qty)}</Сумма>
        <ЗначенияРеквизитов>
          <ЗначениеРеквизита><Наименование>ВидНоменклатуры</Наименование><Значение>${i.kind}</Значение></ЗначениеРеквизита>
          <ЗначениеРеквизита><Наименование>ТипНоменклатуры</Наименование><Значение>${i.kind}</Значение></ЗначениеРеквизита>
        </ЗначенияРеквизитов>
      </Товар>`;
}

/** 1C's order documents (`type=sale&mode=file`) → updates. */
export function parseOrderUpdates(documents: XNode[]): OrderUpdate[] {
  return documents.map((d) => {
    const r = requisites(d);
    const statusText = r['Статус заказа'] || undefined;
    const statusCode = r['Статуса заказа ИД'] || /^\[(\w+)\]/.exec(statusText ?? '')?.[1];
    const sum = textOf(d, 'Сумма');
    const u: OrderUpdate = {
      id: textOf(d, 'Ид') ?? '',
      number: textOf(d, 'Номер'),
      date: textOf(d, 'Дата'),
      total: sum !== undefined && Number.isFinite(parseDecimal(sum)) ? Math.round(parseDecimal(sum) * 100) : undefined,
      paid: parseBool(r['Заказ оплачен'] ?? r['Оплачен']),
      shipAllowed: parseBool(r['Доставка разрешена']),
      shipped: parseBool(r['Отгружен']) ?? (r['Дата отгрузки'] ? true : undefined),
      cancelled: parseBool(r['Отменен'] ?? r['ПометкаУдаления']),
      final: parseBool(r['Финальный статус']),
      statusText,
      statusCode,
      status: 'unknown',
      requisites: r,
    };
    u.status = statusFrom1c(u);
    return u;
  });
}

/** Lines of a 1C order document as `{id, article, name, qty, price}`; exposed for hooks that need them. */
export function documentLines(d: XNode) {
  return childrenOf(child(d, 'Товары'), 'Товар').map((t) => ({
    id: textOf(t, 'Ид') ?? '',
    article: textOf(t, 'Артикул'),
    name: textOf(t, 'Наименование') ?? '',
    qty: parseDecimal(textOf(t, 'Количество') ?? '0'),
    price: Math.round(parseDecimal(textOf(t, 'ЦенаЗаЕдиницу') ?? '0') * 100),
  }));
}

function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const v = Math.abs(minor);
  return `${sign}${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;
}

function stamp(d: Date, sep: string): string {
  return d.toISOString().slice(0, 19).replace('T', sep);
}

function x(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
