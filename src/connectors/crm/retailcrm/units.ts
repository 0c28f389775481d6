/** retailCRM speaks major units (roubles as decimals) and millimetres; the hub speaks kopecks and cm. */

/** Kopecks → roubles, exact to two decimals. */
export function toMajor(minor: number): number {
  return Math.round(minor) / 100;
}

/** Roubles (possibly a float like 0.1 + 0.2) → kopecks. */
export function toMinor(major: number): number {
  return Math.round(major * 100);
}

/** Millimetres → centimetres, at least 1 cm, one decimal. */
export function mmToCm(mm: number): number {
  return Math.max(1, Math.round(mm) / 10);
}
