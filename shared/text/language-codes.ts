import { iso6393, type Language } from 'iso-639-3';

/**
 * Every code ISO 639 gives a language in `table`, in its 639-3 and 639-1 forms. The `special` codes
 * (`und`, `mul`, `mis`, `zxx`) name no language; the local-use range `qaa`–`qtz` is in no list.
 */
export function languageCodesOf(table: readonly Language[]): string[] {
  return table
    .filter((language) => language.type !== 'special')
    .flatMap((language) => (language.iso6391 ? [language.iso6393, language.iso6391] : [language.iso6393]));
}

/** Three-letter codes as bits: one per string `aaa`…`zzz`, 26³ in all. */
const LETTERS = 26;
const TRIGRAMS = LETTERS ** 3;
const A = 'a'.charCodeAt(0);

function trigramIndex(code: string): number {
  return ((code.charCodeAt(0) - A) * LETTERS + (code.charCodeAt(1) - A)) * LETTERS + (code.charCodeAt(2) - A);
}

/**
 * Language codes packed for a bundle: the two-letter codes one after another, `:`, then base64 of a
 * bitmap with one bit per three-letter string. ISO 639-3's 7,863 codes fill a third of its 17,576
 * bits, so the whole list is 3 KB where the codes joined by spaces were 32 KB.
 */
export function packLanguageCodes(codes: Iterable<string>): string {
  const bitmap = new Uint8Array(Math.ceil(TRIGRAMS / 8));
  const twoLetter: string[] = [];
  for (const code of codes) {
    if (/^[a-z]{2}$/.test(code)) twoLetter.push(code);
    else if (/^[a-z]{3}$/.test(code)) {
      const index = trigramIndex(code);
      bitmap[index >> 3] = (bitmap[index >> 3] ?? 0) | (1 << (index & 7));
    } else throw new Error(`"${code}" is not a two- or three-letter language code`);
  }
  return `${[...new Set(twoLetter)].sort().join('')}:${Buffer.from(bitmap).toString('base64')}`;
}

/** Which strings are language codes: the one question the pipeline asks of ISO 639. */
export interface LanguageCodes {
  has(code: string): boolean;
}

/**
 * The codes {@link packLanguageCodes} packed, asked bit by bit. Nothing is unpacked: turning the bitmap
 * back into a set of 8,047 strings cost every Lambda function about 8 ms of its cold start, though
 * most invocations judge no tag (docs/decisions/0053-no-css-parser-in-the-ingest-bundle.md).
 */
export function packedLanguageCodes(packed: string): LanguageCodes {
  const [twoLetter = '', bits = ''] = packed.split(':');
  let bitmap: Buffer | undefined;
  return {
    has(code) {
      if (/^[a-z]{2}$/.test(code)) {
        for (let at = 0; at < twoLetter.length; at += 2) if (twoLetter.startsWith(code, at)) return true;
        return false;
      }
      if (!/^[a-z]{3}$/.test(code)) return false;
      bitmap ??= Buffer.from(bits, 'base64');
      const index = trigramIndex(code);
      return (((bitmap[index >> 3] ?? 0) >> (index & 7)) & 1) === 1;
    },
  };
}

/**
 * `packLanguageCodes(languageCodesOf(iso6393))`, computed when a Lambda function is bundled and put
 * in by esbuild's `define` (`FUNCTION_BUNDLING`, infra/constructs/function-bundling.ts). The table
 * holds every language's name and is half a megabyte of minified code, while only its codes are
 * needed; the package ships no codes-only list (its 639-1 and 639-2 maps cover some 420 of the 7,863
 * languages). Run from source (tsx, vitest) it is not defined, and the codes come from the table.
 */
declare const BUNDLED_LANGUAGE_CODES: string | undefined;

/** Every code ISO 639 gives a language, in its 639-1 and 639-3 forms (`languageCodesOf`). */
export const LANGUAGE_CODES: LanguageCodes =
  // With the codes defined, the condition is constant, so esbuild drops the other branch and with it
  // the table (the package declares itself free of side effects).
  typeof BUNDLED_LANGUAGE_CODES === 'string'
    ? packedLanguageCodes(BUNDLED_LANGUAGE_CODES)
    : new Set(languageCodesOf(iso6393));
