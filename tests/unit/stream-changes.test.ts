import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { articleChangesOf, newestArticleChangeAt } from '../../shared/adapters/dynamodb/stream-changes';

const head = (changeSeq: number, extra: Record<string, unknown> = {}) =>
  marshall({
    pk: 'ARTICLE#a1',
    sk: 'HEAD',
    entity: 'Article',
    articleId: 'a1',
    partnerId: 'almadar',
    visibility: 'public',
    changeSeq,
    content: { language: 'ar', publishedAt: '2024-11-27T09:00:00Z' },
    ...extra,
  }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

const record = (oldImage: unknown, newImage: unknown): DynamoDBRecord => ({
  eventName: oldImage ? 'MODIFY' : 'INSERT',
  dynamodb: { OldImage: oldImage as never, NewImage: newImage as never },
});

describe('articleChangesOf', () => {
  it('turns an article head change into its id and where it stood before', () => {
    expect(articleChangesOf([record(head(1), head(2))])).toEqual([
      {
        articleId: 'a1',
        before: {
          articleId: 'a1',
          partnerId: 'almadar',
          language: 'ar',
          publishedAt: '2024-11-27T09:00:00Z',
          visibility: 'public',
        },
      },
    ]);
    expect(articleChangesOf([record(undefined, head(1))])).toEqual([{ articleId: 'a1', before: undefined }]);
  });

  it('skips a head rewritten without a new changeSeq, and items that are not heads', () => {
    const other = marshall({ pk: 'DELIVERY#x', sk: 'DELIVERY', entity: 'Delivery' });
    expect(
      articleChangesOf([
        record(head(3), head(3, { eventAt: '2024-12-01T00:00:00.000Z' })),
        record(undefined, other),
      ]),
    ).toEqual([]);
  });
});

describe('newestArticleChangeAt', () => {
  const stamped = (seconds: number | undefined, change: DynamoDBRecord): DynamoDBRecord => ({
    ...change,
    dynamodb: { ...change.dynamodb, ApproximateCreationDateTime: seconds },
  });

  it('is when the newest article change entered the stream, whatever the order of the batch', () => {
    expect(
      newestArticleChangeAt([
        stamped(1_732_700_000, record(head(1), head(2))),
        stamped(1_732_700_300, record(head(2), head(3))),
        stamped(1_732_700_100, record(head(3), head(4))),
      ]),
    ).toEqual(new Date(1_732_700_300_000));
  });

  it('ignores records that are no article change, and is undefined when no change is stamped', () => {
    const other = marshall({ pk: 'DELIVERY#x', sk: 'DELIVERY', entity: 'Delivery' });
    const batch = [
      stamped(1_732_700_000, record(head(1), head(2))),
      stamped(1_732_709_999, record(undefined, other)),
      stamped(1_732_709_999, record(head(3), head(3, { eventAt: '2024-12-01T00:00:00.000Z' }))),
    ];
    expect(newestArticleChangeAt(batch)).toEqual(new Date(1_732_700_000_000));
    expect(newestArticleChangeAt([stamped(undefined, record(head(1), head(2)))])).toBeUndefined();
  });
});
