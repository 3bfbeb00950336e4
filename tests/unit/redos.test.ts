import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { datelinePattern } from '../../shared/clean/provenance-chrome';
import {
  articleFieldsSchema,
  deletionPayloadSchema,
  envelopeSchema,
} from '../../shared/ingest/delivery-schema';
import { testPartners } from '../support/test-partners';

/**
 * Every regular expression partner input can reach must match in linear time (issue 8): one
 * signed delivery must not hold a core for minutes. The patterns are read from the source, so a
 * new one is audited the day it is written.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED_DIRECTORIES = ['shared', 'functions'];

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isRegExpIdentifier = (node: ts.Node) => ts.isIdentifier(node) && node.text === 'RegExp';
const literalText = (node: ts.Node | undefined) =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/** The regular expression literals of the scanned code, and the files that build patterns at run time. */
function scanSource(): { literals: Pattern[]; builtIn: Map<string, string[]> } {
  const literals: Pattern[] = [];
  const builtIn = new Map<string, string[]>();
  for (const path of SCANNED_DIRECTORIES.flatMap((directory) => typeScriptFiles(join(ROOT, directory)))) {
    const file = relative(ROOT, path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const end = text.lastIndexOf('/');
        literals.push({ where: at(node), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        isRegExpIdentifier(node.expression)
      ) {
        const [patternArgument, flagsArgument] = node.arguments ?? [];
        const constant = literalText(patternArgument);
        const flags = flagsArgument === undefined ? '' : literalText(flagsArgument);
        if (constant !== undefined && flags !== undefined) {
          literals.push({ where: at(node), source: constant, flags });
        } else {
          builtIn.set(file, [...(builtIn.get(file) ?? []), at(node)]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, builtIn };
}

/** Every pattern zod itself runs for a schema (its date-time format, URL protocols, `.regex()` rules). */
function zodPatterns(schema: unknown): RegExp[] {
  const found: RegExp[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value instanceof RegExp) {
      found.push(value);
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const internals = (value as { _zod?: { def: unknown } })._zod;
    if (internals) visit(internals.def);
    else for (const child of Object.values(value)) visit(child);
  };
  visit(schema);
  return found;
}

/** Patterns that only ever see the operator's configuration, read once at start. */
const NOT_ON_PARTNER_INPUT: { file: string; source: string; why: string }[] = [
  { file: 'shared/config/runtime-config.ts', source: '\\/+$', why: 'trims PUBLIC_BASE_URL' },
  { file: 'shared/render/site-urls.ts', source: '\\/+$', why: 'trims the configured base URL' },
];
const exempt = (pattern: Pattern) =>
  NOT_ON_PARTNER_INPUT.some(
    ({ file, source }) => pattern.where.startsWith(`${file}:`) && pattern.source === source,
  );

/** Names a dateline pattern is built from: every test partner's, and names full of regex syntax. */
const DATELINE_NAMES = [
  ...testPartners()
    .list()
    .flatMap((partner) => [partner.name, ...partner.aliases]),
  'Al-Madar Network',
  'A.B. (C) [D] {E} *F+ ?G^ $H| \\I',
];

/** Where the code builds a pattern at run time, and how the patterns it builds are audited. */
const BUILT_PATTERNS: Record<string, { why: string; samples: () => RegExp[] }> = {
  'shared/clean/provenance-chrome.ts': {
    why: 'a dateline naming the partner, built from registry names and run on the first line of the body',
    samples: () => DATELINE_NAMES.map(datelinePattern),
  },
  'shared/ingest/normalise-article.ts': {
    why: "the registry's chromePatterns, checked when the registry file is loaded (chrome-pattern-safety.test.ts)",
    samples: () => [],
  },
  'shared/config/partner-registry-schema.ts': {
    why: 'compiles each chromePattern to see that it parses, and runs it on nothing',
    samples: () => [],
  },
};

const { literals, builtIn } = scanSource();
const audited = literals.filter((pattern) => !exempt(pattern));

function complexityOf(source: string, flags: string): string {
  const diagnostics = checkSync(source, flags);
  if (diagnostics.status === 'safe') return 'linear';
  if (diagnostics.status === 'vulnerable')
    return `${diagnostics.complexity.summary}: ${diagnostics.attack.pattern}`;
  return `unknown (${diagnostics.error.kind})`;
}

describe('regular expressions partner input reaches', () => {
  it('finds the patterns in the source', () => {
    expect(audited.length).toBeGreaterThan(50);
    expect(audited.map(({ source }) => source)).toContain('^[A-Za-z0-9._:-]{1,200}$');
  });

  it.each(audited.map((pattern) => [pattern.where, pattern] as const))(
    'matches in linear time: %s',
    (_where, { source, flags }) => {
      expect(complexityOf(source, flags)).toBe('linear');
    },
  );

  it('exempts only patterns that still exist', () => {
    for (const { file, source } of NOT_ON_PARTNER_INPUT) {
      expect(
        literals.some((pattern) => pattern.where.startsWith(`${file}:`) && pattern.source === source),
        `${file} ${source}`,
      ).toBe(true);
    }
  });

  it('runs only linear patterns inside zod', () => {
    const patterns = [articleFieldsSchema, envelopeSchema, deletionPayloadSchema].flatMap(zodPatterns);
    // The date-time format is zod's own: the walk must reach it.
    expect(patterns.some((pattern) => pattern.source.includes('T(?:'))).toBe(true);
    for (const pattern of new Set(patterns)) {
      expect(complexityOf(pattern.source, pattern.flags), pattern.source).toBe('linear');
    }
  });

  it('knows every place that builds a pattern at run time', () => {
    expect([...builtIn.keys()].sort()).toEqual(Object.keys(BUILT_PATTERNS).sort());
  });

  it.each(Object.entries(BUILT_PATTERNS))('builds only linear patterns in %s', (_file, { samples }) => {
    for (const pattern of samples()) {
      expect(complexityOf(pattern.source, pattern.flags), pattern.source).toBe('linear');
    }
  });
});
