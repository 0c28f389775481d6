/**
 * Ukraine: public holidays are working days while martial law is in force (Labour Code art. 73
 * suspended since 24 Feb 2022), so only weekends are days off. Override in config when that ends.
 */
export const UA = {
  holidays: [] as string[],
  workingWeekends: [] as string[],
} as const;
