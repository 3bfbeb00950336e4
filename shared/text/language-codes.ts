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

/**
 * `languageCodesOf(iso6393)` joined by spaces, computed when a Lambda function is bundled and put in
 * by esbuild's `define` (`FUNCTION_BUNDLING`, infra/constructs/function-bundling.ts). The table holds
 * every language's name and is half a megabyte of minified code, while only its codes are needed;
 * the package ships no codes-only list (its 639-1 and 639-2 maps cover some 420 of the 7,863
 * languages). Run from source (tsx, vitest) it is not defined, and the codes come from the table.
 */
declare const BUNDLED_LANGUAGE_CODES: string | undefined;

/** Every code ISO 639 gives a language, in its 639-1 and 639-3 forms (`languageCodesOf`). */
export const LANGUAGE_CODES: ReadonlySet<string> = new Set(
  // With the codes defined, the condition is constant, so esbuild drops the other branch and with it
  // the table (the package declares itself free of side effects).
  typeof BUNDLED_LANGUAGE_CODES === 'string' ? BUNDLED_LANGUAGE_CODES.split(' ') : languageCodesOf(iso6393),
);
