import { describe, expect, it } from 'vitest';
import { type CpuProfile, ownerOf, summariseProfile } from '../../bench/profile-summary';

const frame = (id: number, functionName: string, url: string, lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('summariseProfile', () => {
  it('adds each sample’s time to its own frame’s package and function, idle left out', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', ''),
        frame(2, '(idle)', ''),
        frame(3, 'send', 'file:///app/node_modules/@smithy/core/dist-cjs/submodules/client/index.js', 97),
        frame(4, 'renderFeeds', 'file:///app/shared/render/feed-documents.ts', 360),
        frame(5, 'writev', ''),
        frame(6, 'update', 'node:internal/crypto/hash', 130),
      ],
      samples: [2, 3, 3, 4, 5, 6, 2, 4],
      timeDeltas: [5_000, 1_000, 2_000, 4_000, 500, 1_500, 9_000, 1_000],
    };
    expect(summariseProfile(profile)).toEqual({
      activeMs: 10,
      byPackage: [
        ['project:render', 5],
        ['@smithy/core', 3],
        ['node', 1.5],
        ['writev', 0.5],
      ],
      byFunction: [
        ['renderFeeds render/feed-documents.ts:361', 5],
        ['send client/index.js:98', 3],
        ['update crypto/hash:131', 1.5],
        ['writev', 0.5],
      ],
    });
  });
});

describe('ownerOf', () => {
  it.each([
    ['file:///app/node_modules/sanitize-html/index.js', 'sanitizeHtml', 'sanitize-html'],
    ['file:///app/node_modules/a/node_modules/@aws-sdk/core/dist-es/x.js', 'f', '@aws-sdk/core'],
    ['file:///app/shared/adapters/s3/s3-site-bucket.ts', 'write', 'project:adapters'],
    ['node:buffer', 'from', 'node'],
    ['', 'RegExp: [&<>]', '(regexp)'],
    ['', '(garbage collector)', '(garbage collector)'],
  ])('puts %s (%s) in %s', (url, functionName, owner) => {
    expect(ownerOf(url, functionName)).toBe(owner);
  });
});
