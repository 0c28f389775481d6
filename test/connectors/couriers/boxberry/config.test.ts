import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { boxberry } from '../../../../src/connectors/couriers/boxberry/index.js';

describe('boxberry config', () => {
  it('Should default to the production endpoint, mark the token secret and convert to JSON Schema', () => {
    expect(boxberry.configSchema.parse({ token: 't' }).baseUrl).toBe('https://api.boxberry.ru/json.php');
    expect(boxberry.secretFields).toEqual(['token']);
    expect(boxberry.configSchema.safeParse({ token: '' }).success).toBe(false);
    const schema = z.toJSONSchema(boxberry.configSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties)).toEqual(['token', 'baseUrl', 'senderPointCode', 'targetStart', 'defaultPackage']);
    expect(Object.values(schema.properties).every((p) => !!p.description)).toBe(true);
  });
});
