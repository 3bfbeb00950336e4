import { PartnerRegistry } from '../../shared/config/partner-registry';

/** TEST ONLY: secrets for the partners the tests sign as. */
export const ALMADAR_SECRET = 'whsec_dGVzdC1vbmx5OmFsbWFkYXI6Y3VycmVudC1zZWNyZXQta2V5';
export const ALMADAR_ROTATED_SECRET = 'whsec_dGVzdC1vbmx5OmFsbWFkYXI6cHJldmlvdXMtc2VjcmV0LWtleQ==';
export const OTHER_SECRET = 'whsec_dGVzdC1vbmx5Om90aGVyLXBhcnRuZXI6c2VjcmV0LWtleS0x';

/**
 * The tests' fixtures are dated late 2024, so every test partner may send articles that old: a
 * backfill allowance, as a partner importing its archive is given (`dateWindow`).
 */
export const BACKFILL = { pastDays: 36_500 };

/** The largest allowance a registry may give: the whole calendar a delivery can name. */
export const WHOLE_CALENDAR = { pastDays: 3_300_000 };

/**
 * A registry like the demo's: almadar carries Interregional; a second partner to test isolation.
 * Every partner may send articles as old as `dateWindow` allows (the backfill allowance by default).
 */
export function testPartners(dateWindow: { pastDays: number } = BACKFILL): PartnerRegistry {
  return PartnerRegistry.parse(testPartnersDocument(dateWindow));
}

/** The registry document of `testPartners`, as a `PARTNERS_FILE` holds it. */
export function testPartnersDocument(dateWindow: { pastDays: number } = BACKFILL) {
  return {
    partners: [
      {
        id: 'almadar',
        name: 'شبكة المدار الإعلامية الأوروبية',
        // The name its English pages print in a dateline.
        aliases: ['Almadar European Media Network'],
        homepage: 'https://almadar.example/',
        secrets: [ALMADAR_SECRET, ALMADAR_ROTATED_SECRET],
        carries: [
          {
            name: 'Interregional for Strategic Analyses',
            aliases: ['انترريجورنال للتحليلات الاستراتيجية'],
            url: 'https://interregional.example/',
          },
        ],
        dateWindow,
      },
      {
        id: 'other-outlet',
        name: 'Other Outlet',
        homepage: 'https://other.example/',
        secrets: [OTHER_SECRET],
        dateWindow,
      },
      {
        id: 'limited',
        name: 'Limited Outlet',
        secrets: [OTHER_SECRET],
        rateLimit: { perMinute: 2 },
        dateWindow,
      },
    ],
  };
}
