import { PartnerRegistry } from '../shared/config/partner-registry';

/** The benchmarks' partner secret: a local development value, decoded "benchmark-only:not-a-secret-key-at-all". */
export const BENCH_SECRET = 'whsec_YmVuY2htYXJrLW9ubHk6bm90LWEtc2VjcmV0LWtleS1hdC1hbGw=';

/**
 * A registry of the one partner a benchmark delivers as: unthrottled, and accepting articles dated
 * years back (the benchmarks' are dated 2020–2024, a backfill beyond the default 30 days).
 */
export function benchPartners(
  partner: {
    id: string;
    name: string;
    agreement?: { canonical: 'self' | 'original'; robots: 'index' | 'noindex' };
  } = {
    id: 'bench',
    name: 'Bench Outlet',
  },
) {
  return PartnerRegistry.parse({
    partners: [
      {
        ...partner,
        secrets: [BENCH_SECRET],
        rateLimit: { perMinute: 1_000_000 },
        dateWindow: { pastDays: 36_500 },
      },
    ],
  });
}
