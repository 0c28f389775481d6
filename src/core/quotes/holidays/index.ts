import { RU } from './ru.js';
import { UA } from './ua.js';

export interface HolidayTable {
  holidays: readonly string[];
  workingWeekends: readonly string[];
}

export const HOLIDAYS: Readonly<Record<string, HolidayTable>> = { RU, UA };
