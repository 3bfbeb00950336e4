/**
 * What the Lambda bundles carry in place of `cssomnom/parse` (`FUNCTION_BUNDLING`'s alias,
 * infra/constructs/function-bundling.ts). linkedom imports that CSS parser for one getter,
 * `HTMLStyleElement.sheet`, which neither our cleaning nor Readability reads: a page's `<style>`
 * elements are dropped, never parsed. The parser was 194 KiB of the ingest's bundle, a sixth of it,
 * compiled at every cold start (docs/decisions/0053-no-css-parser-in-the-ingest-bundle.md). Should
 * anything read `sheet` in a bundle, it fails loudly here rather than differ quietly from the source run.
 */
export function parse(): never {
  throw new Error(
    'style sheets are not parsed in the Lambda bundles (shared/clean/style-sheets-unparsed.ts): read no `sheet`',
  );
}
