import { canonicalLanguageTag } from './language';
import { LANGUAGE_CODES } from './language-codes';

// Made on first use: loading ICU's display names is the costliest line of a Lambda's module init
// (docs/decisions/0042-lean-lambda-bundles.md), and most functions never judge a tag.
let displayNames: { region: Intl.DisplayNames; script: Intl.DisplayNames } | undefined;
const namesOf = (type: 'region' | 'script'): Intl.DisplayNames => {
  displayNames ??= {
    region: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
    script: new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' }),
  };
  return displayNames[type];
};
/** CLDR names these, but they say "unknown". */
const UNKNOWN_SUBTAGS = new Set(['ZZ', 'Zzzz']);

/** A language tag as we store and publish it, or why it is refused. */
export type LanguageTagCheck = { language: string } | { problem: string };

/**
 * Judges a partner's BCP 47 tag and reduces it to the shortest tag of its language (CONTRACT §1):
 * `en-GB` → `en`, `arb` → `ar`, `zh-Hant-TW` → `zh`. A known script or region is accepted and
 * dropped, since articles are filed by language: each distinct tag becomes a feed, so the set of
 * tags must stay the set of languages. Anything else that would make a tag distinct is refused:
 * a language ISO 639 does not list, an unknown script or region, variants, extensions, private use.
 */
export function checkLanguageTag(tag: string): LanguageTagCheck {
  let canonical: string;
  try {
    [canonical = ''] = Intl.getCanonicalLocales(tag);
  } catch {
    return { problem: 'must be a BCP 47 language tag (`ar`, `en-GB`)' };
  }
  const locale = new Intl.Locale(canonical);
  if (canonical.startsWith('x-') || canonical.includes('-x-')) {
    return { problem: 'must not have a private-use part (`x-…`)' };
  }
  if (canonical !== locale.baseName) {
    return { problem: 'must not have extensions (`-u-…`, `-t-…`)' };
  }
  const { script, region } = locale;
  // ICU leaves `language` unset for `und`.
  const primary = locale.language || 'und';
  if (locale.baseName !== [primary, script, region].filter(Boolean).join('-')) {
    return { problem: 'must be a language with at most a script and a region: no variants' };
  }
  const language = canonicalLanguageTag(primary);
  if (!LANGUAGE_CODES.has(language)) {
    return { problem: `must name a language of ISO 639; "${primary}" names none` };
  }
  if (script && (UNKNOWN_SUBTAGS.has(script) || namesOf('script').of(script) === undefined)) {
    return { problem: `must not name an unknown script ("${script}")` };
  }
  if (region && (UNKNOWN_SUBTAGS.has(region) || namesOf('region').of(region) === undefined)) {
    return { problem: `must not name an unknown region ("${region}")` };
  }
  return { language };
}
