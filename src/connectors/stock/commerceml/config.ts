import { z } from 'zod';

/** Connector config of the 1C CommerceML exchange ("Обмен с сайтом"). */
export const commercemlConfig = z.object({
  login: z.string().min(1, 'set the login 1C sends in the exchange node settings').describe('Login (имя пользователя) 1C sends with HTTP Basic'),
  password: z.string().min(1, 'set the password 1C sends').describe('Password 1C sends with HTTP Basic (secret)'),
  warehouseMap: z
    .record(z.string().min(1), z.string().min(1))
    .default({})
    .describe('1C Склад Ид → hub warehouse id; several 1C warehouses may map to one hub warehouse (their stock is summed)'),
  defaultWarehouseId: z
    .string()
    .min(1)
    .optional()
    .describe('Hub warehouse for offers that carry only a total Количество (no per-warehouse breakdown); an offer naming a 1C warehouse missing from warehouseMap fails the import instead'),
  priceType: z
    .string()
    .min(1)
    .optional()
    .describe('Name (Наименование) or Ид of the 1C price type that is the selling price; default: the only or the first price'),
  skuFrom: z.enum(['article', 'id']).default('article').describe('SKU source: the Артикул (default) or the 1C Ид'),
  fileLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 ** 3)
    .default(100 * 1024 * 1024)
    .describe('Largest file 1C may upload (sent to 1C as file_limit; bigger files are refused)'),
  zip: z.boolean().default(false).describe('Ask 1C to send zip archives (zip=yes in the init answer)'),
  fullSnapshotWhenUnspecified: z
    .boolean()
    .default(false)
    .describe('Treat an offers file without СодержитТолькоИзменения as a full snapshot (default: partial, never zeroes unmentioned SKUs)'),
  saleEncoding: z.enum(['windows-1251', 'utf-8']).default('windows-1251').describe('Encoding of the orders document sent to 1C (type=sale&mode=query)'),
  sessionTtlSeconds: z.number().int().min(60).max(86_400).default(3600).describe('How long an exchange session (cookie) stays valid'),
  weightFields: z
    .array(z.string().min(1))
    .default(['Вес'])
    .describe('Names of ЗначенияРеквизитов or Свойства holding the weight in kilograms, first found wins'),
  sizeFields: z
    .object({
      length: z.array(z.string().min(1)).default(['Длина']),
      width: z.array(z.string().min(1)).default(['Ширина']),
      height: z.array(z.string().min(1)).default(['Высота']),
    })
    .default({ length: ['Длина'], width: ['Ширина'], height: ['Высота'] })
    .describe('Names of ЗначенияРеквизитов or Свойства holding the sizes'),
  sizeUnit: z.enum(['mm', 'cm', 'm']).default('cm').describe('Unit of the size fields in 1C'),
});

export type CommercemlConfig = z.infer<typeof commercemlConfig>;
export const COMMERCEML_SECRET_FIELDS = ['password'] as const;
