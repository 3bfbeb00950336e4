import { PartnerRegistry } from '../../shared/config/partner-registry';

/** TEST ONLY: secrets for the partners the tests sign as. */
export const ALMADAR_SECRET = 'whsec_dGVzdC1vbmx5OmFsbWFkYXI6Y3VycmVudC1zZWNyZXQta2V5';
export const ALMADAR_ROTATED_SECRET = 'whsec_dGVzdC1vbmx5OmFsbWFkYXI6cHJldmlvdXMtc2VjcmV0LWtleQ==';
export const OTHER_SECRET = 'whsec_dGVzdC1vbmx5Om90aGVyLXBhcnRuZXI6c2VjcmV0LWtleS0x';

/** A registry like the demo's: almadar carries Interregional; a second partner to test isolation. */
export function testPartners(): PartnerRegistry {
  return PartnerRegistry.parse({
    partners: [
      {
        id: 'almadar',
        name: 'شبكة المدار الإعلامية الأوروبية',
        homepage: 'https://almadar.example/',
        secrets: [ALMADAR_SECRET, ALMADAR_ROTATED_SECRET],
        carries: [
          {
            name: 'Interregional for Strategic Analyses',
            aliases: ['انترريجورنال للتحليلات الاستراتيجية'],
            url: 'https://interregional.example/',
          },
        ],
      },
      {
        id: 'other-outlet',
        name: 'Other Outlet',
        homepage: 'https://other.example/',
        secrets: [OTHER_SECRET],
      },
      { id: 'limited', name: 'Limited Outlet', secrets: [OTHER_SECRET], rateLimit: { perMinute: 2 } },
    ],
  });
}
