import type { TextDirection } from '../domain/article';

/** Languages written right to left (Arabic script, Hebrew, Thaana, N'Ko, Syriac). */
const RTL_LANGUAGES = new Set([
  'ar',
  'fa',
  'ur',
  'ps',
  'sd',
  'ug',
  'ckb',
  'ku',
  'he',
  'yi',
  'dv',
  'syr',
  'nqo',
]);

/**
 * Long ISO 639-3 codes some partners send, mapped to the shortest tag (CONTRACT §1: `ar`, never
 * `arb`). Macrolanguage members fold into their macrolanguage.
 */
const SHORTEST_TAG: Record<string, string> = {
  arb: 'ar',
  ara: 'ar',
  pes: 'fa',
  prs: 'fa',
  fas: 'fa',
  per: 'fa',
  eng: 'en',
  fra: 'fr',
  fre: 'fr',
  deu: 'de',
  ger: 'de',
  spa: 'es',
  rus: 'ru',
  tur: 'tr',
  urd: 'ur',
  heb: 'he',
  cmn: 'zh',
  zho: 'zh',
  chi: 'zh',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  dut: 'nl',
  pbt: 'ps',
  pus: 'ps',
};

/** Canonical, shortest BCP 47 form of a tag: `AR-eg` → `ar-EG`, `arb` → `ar`. */
export function canonicalLanguageTag(tag: string): string {
  let canonical: string;
  try {
    [canonical = tag] = Intl.getCanonicalLocales(tag);
  } catch {
    canonical = tag.toLowerCase();
  }
  const [primary = '', ...rest] = canonical.split('-');
  const shortest = SHORTEST_TAG[primary.toLowerCase()] ?? primary.toLowerCase();
  return [shortest, ...rest].join('-');
}

/** Text direction for a language tag. */
export function directionOf(language: string): TextDirection {
  const primary = language.split('-')[0]?.toLowerCase() ?? '';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/**
 * The language of a text from the script most of its letters are in. A stand-in until a
 * statistical detector lands; it is right for the scripts that map to one language we carry.
 */
export function detectLanguage(text: string): string {
  const counts = { arabic: 0, hebrew: 0, cyrillic: 0, latin: 0 };
  for (const char of text.slice(0, 4000)) {
    if (/\p{Script=Arabic}/u.test(char)) counts.arabic++;
    else if (/\p{Script=Hebrew}/u.test(char)) counts.hebrew++;
    else if (/\p{Script=Cyrillic}/u.test(char)) counts.cyrillic++;
    else if (/\p{Script=Latin}/u.test(char)) counts.latin++;
  }
  const [script] = Object.entries(counts).sort(([, a], [, b]) => b - a)[0] ?? ['latin'];
  return { arabic: 'ar', hebrew: 'he', cyrillic: 'ru', latin: 'en' }[script as keyof typeof counts];
}
