import type { TrackStatus } from '../../../core/connectors/contract.js';
import type { DeliveryType } from '../../../core/model/index.js';

/** Tariff calculator object codes offered in the config (tariff.pochta.ru, «объекты расчёта»). */
export const OBJECT_CODES = {
  '3000': { name: 'Бандероль простая', deliveryType: 'pickup_point', declared: false },
  '4030': { name: 'Посылка нестандартная', deliveryType: 'pickup_point', declared: false },
  '4020': { name: 'Посылка нестандартная с объявленной ценностью', deliveryType: 'pickup_point', declared: true },
  '27030': { name: 'Посылка стандарт', deliveryType: 'pickup_point', declared: false },
  '27020': { name: 'Посылка стандарт с объявленной ценностью', deliveryType: 'pickup_point', declared: true },
  '29030': { name: 'Посылка экспресс', deliveryType: 'pickup_point', declared: false },
  '28030': { name: 'Посылка курьер EMS', deliveryType: 'door', declared: false },
  '47030': { name: 'Посылка 1 класса', deliveryType: 'pickup_point', declared: false },
} as const satisfies Record<string, { name: string; deliveryType: DeliveryType; declared: boolean }>;

/** Business API mail types (otpravka `mail-type`). */
export const MAIL_TYPES = {
  POSTAL_PARCEL: { name: 'Посылка нестандартная', deliveryType: 'pickup_point' },
  ONLINE_PARCEL: { name: 'Посылка онлайн', deliveryType: 'pickup_point' },
  ONLINE_COURIER: { name: 'Курьер онлайн', deliveryType: 'door' },
  EMS: { name: 'EMS', deliveryType: 'door' },
  EMS_OPTIMAL: { name: 'EMS оптимальное', deliveryType: 'door' },
  PARCEL_CLASS_1: { name: 'Посылка 1-го класса', deliveryType: 'pickup_point' },
  BUSINESS_COURIER: { name: 'Бизнес курьер', deliveryType: 'door' },
} as const satisfies Record<string, { name: string; deliveryType: DeliveryType }>;

/** Tracking operation types (OperType Id) from the tracking API's operation table. */
export const OPERATION_TYPES: Readonly<Record<string, TrackStatus>> = {
  '1': 'in_transit', // Приём
  '2': 'delivered', // Вручение (attr 2/4: to the sender → returned)
  '3': 'returned', // Возврат
  '4': 'in_transit', // Досылка почты
  '5': 'in_transit', // Невручение
  '6': 'in_transit', // Хранение
  '7': 'in_transit', // Временное хранение
  '8': 'in_transit', // Обработка
  '9': 'in_transit', // Импорт международной почты
  '10': 'in_transit', // Экспорт международной почты
  '11': 'in_transit', // Приём на таможню
  '12': 'in_transit', // Неудачная попытка вручения
  '13': 'in_transit', // Регистрация отправки
  '14': 'in_transit', // Таможенное оформление
  '15': 'in_transit', // Передача на временное хранение
  '16': 'unknown', // Уничтожение
  '17': 'unknown', // Оформление в собственность
  '18': 'unknown', // Регистрация утраты
  '19': 'in_transit', // Таможенные платежи поступили
  '20': 'in_transit', // Регистрация
  '21': 'in_transit', // Доставка
  '22': 'in_transit', // Недоставка
  '23': 'in_transit', // Поступление на временное хранение
};

/** Вручение attributes meaning the parcel went back to the sender. */
const HANDED_TO_SENDER = new Set(['2', '4']);

export function mapOperation(type: string, attr: string | undefined): TrackStatus {
  if (type === '2' && attr && HANDED_TO_SENDER.has(attr)) return 'returned';
  return OPERATION_TYPES[type] ?? 'unknown';
}
