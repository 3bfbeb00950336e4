import { francAll } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';
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
 * Individual languages that BCP 47 writes with their macrolanguage's two-letter code
 * (CONTRACT §1: `ar`, never `arb`); the detector returns the individual codes.
 */
const MACROLANGUAGE_MEMBERS: Record<string, string> = {
  arb: 'ar',
  pes: 'fa',
  prs: 'fa',
  zlm: 'ms',
  zsm: 'ms',
  uzn: 'uz',
  azj: 'az',
  swh: 'sw',
  npi: 'ne',
  pbu: 'ps',
  pbt: 'ps',
  plt: 'mg',
  fuv: 'ff',
  cmn: 'zh',
  ekk: 'et',
  lvs: 'lv',
  khk: 'mn',
  ydd: 'yi',
  quz: 'qu',
};

/** A ISO 639-2/3 code's shortest BCP 47 form: its ISO 639-1 code where there is one. */
function shortestPrimary(code: string): string {
  const lower = code.toLowerCase();
  return MACROLANGUAGE_MEMBERS[lower] ?? iso6393To1[lower] ?? ISO_639_2B_TO_1[lower] ?? lower;
}

/** ISO 639-2/B codes that differ from 639-3 (`fre`, `ger`, `per`), still seen in feeds. */
const ISO_639_2B_TO_1: Record<string, string> = {
  alb: 'sq',
  arm: 'hy',
  baq: 'eu',
  bur: 'my',
  chi: 'zh',
  cze: 'cs',
  dut: 'nl',
  fre: 'fr',
  geo: 'ka',
  ger: 'de',
  gre: 'el',
  ice: 'is',
  mac: 'mk',
  mao: 'mi',
  may: 'ms',
  per: 'fa',
  rum: 'ro',
  slo: 'sk',
  tib: 'bo',
  wel: 'cy',
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
  return [shortestPrimary(primary), ...rest].join('-');
}

/** Text direction for a language tag. */
export function directionOf(language: string): TextDirection {
  const primary = language.split('-')[0]?.toLowerCase() ?? '';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/** Below this many letters a statistical guess is noise; the script decides instead. */
const MIN_LETTERS_FOR_DETECTOR = 40;

const SCRIPT_LANGUAGES: [RegExp, string][] = [
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Latin}/u, 'en'],
];

/** Languages written in a script {@link SCRIPT_LANGUAGES} names by another language of it. */
const SCRIPT_SHARED_WITH: Record<string, string> = {
  fa: 'ar',
  ur: 'ar',
  ps: 'ar',
  yi: 'he',
  uk: 'ru',
  bg: 'ru',
  sr: 'ru',
  mk: 'ru',
  be: 'ru',
  kk: 'ru',
  mr: 'hi',
  ne: 'hi',
};

/** The language that stands for `language`'s script in {@link SCRIPT_LANGUAGES} (`en` for Latin). */
function scriptOf(language: string): string {
  const primary = language.split('-')[0]?.toLowerCase() ?? '';
  if (SCRIPT_SHARED_WITH[primary]) return SCRIPT_SHARED_WITH[primary];
  return SCRIPT_LANGUAGES.some(([, named]) => named === primary) ? primary : 'en';
}

/** The most common script's usual language: the fallback for short or undecidable text. */
function languageByScript(letters: string[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const char of letters) {
    const language = SCRIPT_LANGUAGES.find(([pattern]) => pattern.test(char))?.[1];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort(([, a], [, b]) => b - a);
  return best?.[0] ?? fallback;
}

/**
 * How close to the detector's best score a declared language must come to be confirmed: franc-min
 * ranks close languages (English and Scots, Spanish and Galician) within a few hundredths of
 * each other, while a page declared in the wrong language scores far below the right one.
 */
const HINT_CONFIRMED_SCORE = 0.9;

/** At most this much text is read: more never changes the answer, and costs time. */
const SAMPLE_CHARS = 4000;

/**
 * The language of a text, as its shortest BCP 47 tag: `franc-min` for text long enough to judge,
 * the dominant script for short text (a headline alone). White space is collapsed before the
 * sample is taken, so an indented page is judged by its words, not its indentation.
 *
 * `hint` is a language the text declares (a page's `lang`), already reduced to the language: it is
 * taken when the text is too short to judge, or when the detector ranks it close to its best guess.
 * `declared` is the partner's declared language (the registry's first `languages` entry): when the
 * detector is unsure (it ranks `declared` close to its best guess) or the text is too short and in
 * `declared`'s script, it is taken rather than a guess.
 */
export function detectLanguage(text: string, fallback = 'en', hint?: string, declared?: string): string {
  const sample = text.replace(/\s+/gu, ' ').trim().slice(0, SAMPLE_CHARS);
  const letters = [...sample].filter((char) => /\p{L}/u.test(char));
  if (letters.length < MIN_LETTERS_FOR_DETECTOR) {
    const byScript = languageByScript(letters, fallback);
    return hint ?? (declared !== undefined && scriptOf(declared) === byScript ? declared : byScript);
  }
  const ranked = francAll(sample);
  const [best] = ranked;
  if (!best || best[0] === 'und') return hint ?? languageByScript(letters, fallback);
  const isClose = (language: string | undefined) =>
    language !== undefined &&
    ranked.some(([code, score]) => score >= HINT_CONFIRMED_SCORE && canonicalLanguageTag(code) === language);
  if (isClose(hint)) return hint as string;
  // Unsure between close languages: the partner's declared language rather than the detector's guess.
  if (isClose(declared)) return declared as string;
  return canonicalLanguageTag(best[0]);
}
