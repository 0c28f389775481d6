import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/core/metrics.js';

describe('replayed cache hits', () => {
  it('are all counted, per courier, however many answers were replayed between two reads', async () => {
    const m = createMetrics();
    const answers = Array.from({ length: 300 }, (_, i) => (i % 2 ? ['cdek', 'dpd'] : ['cdek']));
    for (const ids of answers) m.countReplayedHits(ids);
    m.countReplayedHits(answers[1]!);
    const text = await m.registry.metrics();
    expect(text).toContain('svyazka_courier_quote_cache_total{connector="cdek",result="hit"} 301');
    expect(text).toContain('svyazka_courier_quote_cache_total{connector="dpd",result="hit"} 151');
    m.countReplayedHits(answers[0]!);
    expect((await m.quoteCache.get()).values.find((v) => v.labels.connector === 'cdek')?.value).toBe(302);
  });
});
