import type { Diagnostics } from 'recheck';
import { ConfigurationError } from '../errors/configuration-error';
import { CHROME_PATTERN_FLAGS, type Partner } from './partner-registry-schema';

/** How long the checker may think about one pattern; a pattern it cannot decide is refused. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Refuses a registry whose `chromePatterns` could take more than linear time on some text
 * (docs/decisions/0015-bounded-ingest.md). Partner patterns run on every block of every delivery,
 * so one catastrophic pattern would let any delivery hold a core for minutes. Checked with
 * `recheck` when the registry is loaded from its file, which is where ingest reads it; a registry
 * without patterns needs no checker.
 */
export async function assertChromePatternsSafe(
  partners: readonly Pick<Partner, 'chromePatterns'>[],
  source: string,
  /** Where a partner is in its document: in the registry file, `/partners/{index}`. */
  partnerPointer: (partnerIndex: number) => string = (partnerIndex) => `/partners/${partnerIndex}`,
): Promise<void> {
  const patterns = partners.flatMap((partner, partnerIndex) =>
    partner.chromePatterns.map((pattern, index) => ({
      pointer: `${partnerPointer(partnerIndex)}/chromePatterns/${index}`,
      pattern,
    })),
  );
  if (patterns.length === 0) return;
  const { check } = await loadChecker(source);
  const problems: string[] = [];
  for (const { pointer, pattern } of patterns) {
    const diagnostics = await check(pattern, CHROME_PATTERN_FLAGS, { timeout: CHECK_TIMEOUT_MS });
    if (diagnostics.status !== 'safe') problems.push(`${pointer}: ${whyRefused(diagnostics)}`);
  }
  if (problems.length > 0) throw new ConfigurationError(`${source} is invalid: ${problems.join('; ')}`);
}

/**
 * Named at run time, so a bundler leaves it out: the publisher's bundle imports this module (with the
 * registry) but never loads a registry file, and must not carry the checker.
 */
const CHECKER_MODULE = 'recheck';

async function loadChecker(source: string): Promise<typeof import('recheck')> {
  try {
    return (await import(CHECKER_MODULE)) as typeof import('recheck');
  } catch (error) {
    throw new ConfigurationError(
      `${source} has chromePatterns, and checking them needs the recheck package, which is not installed`,
      { cause: error },
    );
  }
}

function whyRefused(diagnostics: Exclude<Diagnostics, { status: 'safe' }>): string {
  if (diagnostics.status === 'vulnerable') {
    return (
      `takes ${diagnostics.complexity.summary} time on texts like ${diagnostics.attack.pattern}; ` +
      'write it so that it matches in linear time'
    );
  }
  return `could not be shown to match in linear time (${diagnostics.error.kind}); write it more simply`;
}
