/**
 * Russian production calendar: non-working days beyond weekends, and weekend days made working by
 * government transfer decrees. Source: the government's yearly decrees (2025: No. 1335 of
 * 4 Oct 2024; 2026: decree of 24 Sep 2025). Extend yearly, or override per hub in config.
 */
export const RU = {
  holidays: [
    // 2025
    '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07', '2025-01-08',
    '2025-05-01', '2025-05-02', '2025-05-08', '2025-05-09', '2025-06-12', '2025-06-13',
    '2025-11-03', '2025-11-04', '2025-12-31',
    // 2026
    '2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09',
    '2026-02-23', '2026-03-09', '2026-05-01', '2026-05-11', '2026-06-12', '2026-11-04', '2026-12-31',
    // 2027 (fixed holidays; transfers are added when the decree is published)
    '2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08',
    '2027-02-23', '2027-03-08', '2027-05-03', '2027-05-10', '2027-06-14', '2027-11-04',
  ],
  workingWeekends: ['2025-11-01'],
} as const;
