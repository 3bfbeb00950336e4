import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { iso6393 } from 'iso-639-3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING } from '../../infra/constructs/function-bundling';
import {
  LANGUAGE_CODES,
  type LanguageCodes,
  languageCodesOf,
  packedLanguageCodes,
  packLanguageCodes,
} from '../../shared/text/language-codes';
import { esbuildArgsFor, PROJECT_ROOT } from '../support/lambda-bundle';

/** What the full ISO 639-3 table says a language code is: every non-special 639-3 code and its 639-1 code. */
const TABLE_CODES = new Set(
  iso6393
    .filter((language) => language.type !== 'special')
    .flatMap((language) => [language.iso6393, ...(language.iso6391 ? [language.iso6391] : [])]),
);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Every string a language code could be (two or three lowercase letters), and a few that none is. */
const CANDIDATES = [
  ...[...LETTERS].flatMap((a) => [...LETTERS].flatMap((b) => [a + b, ...[...LETTERS].map((c) => a + b + c)])),
  ...['', 'e', 'EN', 'Eng', 'engl', 'é', 'x-y', 'a1', 'ar ', '{}'],
];

/** The candidates `codes` holds. */
const heldBy = (codes: LanguageCodes): Set<string> => new Set(CANDIDATES.filter((code) => codes.has(code)));

describe('LANGUAGE_CODES', () => {
  let directory: string;
  let bundleText: string;
  let bundledCodes: LanguageCodes;

  beforeAll(async () => {
    // The module bundled as every Lambda function is, where the codes come from the bundling's define.
    directory = await mkdtemp(join(tmpdir(), 'syndication-language-codes-'));
    const esbuild = join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');
    const args = esbuildArgsFor(FUNCTION_BUNDLING, 'shared/text/language-codes.ts', directory);
    await promisify(execFile)(esbuild, [...args, '--log-level=error'], {
      cwd: PROJECT_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const file = join(directory, 'index.mjs');
    bundleText = await readFile(file, 'utf8');
    ({ LANGUAGE_CODES: bundledCodes } = await import(/* @vite-ignore */ pathToFileURL(file).href));
  });

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('asks about every string a code could be', () => {
    expect([...TABLE_CODES].filter((code) => !CANDIDATES.includes(code))).toEqual([]);
  });

  it('run from source, holds exactly the full table’s codes', () => {
    expect(heldBy(LANGUAGE_CODES)).toEqual(TABLE_CODES);
  });

  it('bundled, holds exactly the full table’s codes', () => {
    expect(heldBy(bundledCodes)).toEqual(TABLE_CODES);
  });

  it('bundled, carries the codes but not the table with its names', () => {
    const names = iso6393.filter((language) => language.name.length > 12).map((language) => language.name);
    expect(names.length).toBeGreaterThan(1000);
    expect(names.filter((name) => bundleText.includes(name))).toEqual([]);
    // Packed, the 8,047 codes are 3 KB of every bundle: as a list they were 32 KB.
    expect(bundleText.length).toBeLessThan(6 * 1024);
  });

  it.each(['ar', 'arb', 'en', 'eng', 'haw', 'tlh'])('holds %s', (code) => {
    expect(bundledCodes.has(code)).toBe(true);
  });

  it.each(['und', 'mul', 'mis', 'zxx', 'qaa', 'fre'])('does not hold %s', (code) => {
    expect(bundledCodes.has(code)).toBe(false);
  });
});

describe('packLanguageCodes', () => {
  it('packs the table into 4 KB, which holds exactly its codes', () => {
    const packed = packLanguageCodes(languageCodesOf(iso6393));
    expect(packed.length).toBeLessThan(4 * 1024);
    expect(heldBy(packedLanguageCodes(packed))).toEqual(TABLE_CODES);
  });

  it('keeps the first and the last strings of each length, and no neighbour of theirs', () => {
    const codes = packedLanguageCodes(packLanguageCodes(['aaa', 'zzz', 'aa', 'zz', 'en']));
    expect([...heldBy(codes)].sort()).toEqual(['aa', 'aaa', 'en', 'zz', 'zzz']);
  });

  it('holds no two-letter string that straddles two packed codes', () => {
    // Packed as "enfr": "nf" is in the string, at an odd offset.
    expect(packedLanguageCodes(packLanguageCodes(['en', 'fr'])).has('nf')).toBe(false);
  });

  it.each(['EN', 'e', 'engl', 'é', 'x-y', ''])('refuses %j, which is no language code', (code) => {
    expect(() => packLanguageCodes([code])).toThrow('is not a two- or three-letter language code');
  });
});
