import { describe, expect, it } from 'vitest';
import type { Publication } from '../../shared/domain/article';
import { applyCorrection } from '../../shared/editor/apply-correction';
import { takeDown } from '../../shared/editor/apply-takedown';
import { articleDetailView } from '../../shared/editor/article-views';
import type { RevisionSummary } from '../../shared/ports/article-store';
import { SiteUrls } from '../../shared/render/site-urls';
import { inlineText, plainText } from '../../shared/text/markup';
import { sampleArticle } from '../support/sample-article';

const urls = new SiteUrls('https://news.example/');
const editor = { id: 'ed-1' };

function revision(number: number, origin: RevisionSummary['origin'], recordedAt: string): RevisionSummary {
  return {
    articleId: 'a0000000000000000001',
    revision: number,
    recordedAt,
    visibility: 'public',
    origin,
    contentHash: `h${number}`,
    title: inlineText(`Title ${number}`),
  };
}

describe('the article detail view', () => {
  const base = sampleArticle({ revision: 3, changeSeq: 3 });
  const corrected = applyCorrection(
    base,
    { values: { title: inlineText('Corrected') }, release: [], reason: 'Typo' },
    editor,
    '2024-12-01T00:00:00.000Z',
  );
  const article = {
    ...base,
    content: corrected.content,
    ...takeDown(
      { ...base, editorial: corrected.editorial },
      plainText('Court'),
      editor,
      '2024-12-02T00:00:00.000Z',
    ),
  };
  const publication: Publication = {
    articleId: base.articleId,
    state: 'unpublished',
    revision: 3,
    renderedSeq: 3,
    renderedAt: '2024-12-02T00:00:01.000Z',
  };
  const history = [
    revision(
      1,
      { kind: 'delivery', deliveryId: 'msg_1', eventType: 'article.published' },
      '2024-11-30T00:00:00Z',
    ),
    revision(
      3,
      { kind: 'editor', action: 'takedown', editor: 'ed-1', reason: 'Court' },
      '2024-12-02T00:00:00Z',
    ),
    revision(
      2,
      { kind: 'editor', action: 'correction', editor: 'ed-1', reason: 'Typo', fields: ['title'] },
      '2024-12-01T00:00:00Z',
    ),
  ];
  const view = articleDetailView(article, publication, history, urls);

  it('lists revisions newest first with their origins', () => {
    expect(view.revisions.map((entry) => [entry.revision, entry.origin.kind, entry.title])).toEqual([
      [3, 'editor', 'Title 3'],
      [2, 'editor', 'Title 2'],
      [1, 'delivery', 'Title 1'],
    ]);
    expect(view.revisions[1]?.origin).toEqual({
      kind: 'editor',
      action: 'correction',
      editor: 'ed-1',
      reason: 'Typo',
      fields: ['title'],
    });
  });

  it('derives takedowns from the history and shows the one in force without the partner visibility', () => {
    expect(view.takedowns).toEqual([
      { action: 'takedown', at: '2024-12-02T00:00:00Z', editor: 'ed-1', reason: 'Court', revision: 3 },
    ]);
    expect(view.takedown).toEqual({ at: '2024-12-02T00:00:00.000Z', editor: 'ed-1', reason: 'Court' });
  });

  it('shows the state, the publication, the corrections and the held fields', () => {
    expect(view).toMatchObject({
      state: 'taken-down',
      title: 'Corrected',
      held: ['title'],
      url: 'https://news.example/articles/russia-taliban.html',
      publication: { state: 'unpublished', revision: 3, renderedAt: '2024-12-02T00:00:01.000Z' },
      corrections: [{ reason: 'Typo', fields: ['title'], revision: 4, editor: 'ed-1' }],
    });
    expect(view.attribution).toMatchObject({
      publisher: { name: 'Interregional for Strategic Analyses' },
      license: 'All rights reserved',
      authors: [{ name: 'عبد الله جمال' }],
    });
  });
});
