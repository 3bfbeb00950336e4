import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { ArticleChange, ArticlePosition } from '../../publish/article-change';
import { ARTICLE_ENTITY } from './table-design';

type Image = Record<string, AttributeValue>;

function positionOf(image: Image | undefined): ArticlePosition | undefined {
  if (!image) return undefined;
  const row = unmarshall(image) as Record<string, unknown> & {
    content?: { language?: string; publishedAt?: string };
  };
  if (row.entity !== ARTICLE_ENTITY) return undefined;
  return {
    articleId: row.articleId as string,
    partnerId: row.partnerId as string,
    language: row.content?.language as string,
    publishedAt: row.content?.publishedAt as string,
    visibility: row.visibility as ArticlePosition['visibility'],
  };
}

/** The article change a stream record carries, if it carries one that alters what is public. */
function articleChangeOf(record: DynamoDBRecord): ArticleChange | undefined {
  // A head rewritten without a new changeSeq (a newer event time recorded) alters nothing public.
  const oldSeq = record.dynamodb?.OldImage?.changeSeq?.N;
  if (oldSeq !== undefined && oldSeq === record.dynamodb?.NewImage?.changeSeq?.N) return undefined;
  // Never public and still not (under embargo, or cancelled before its release): nothing to render,
  // and a removed page at its address would give the embargo away (shared/domain/embargo.ts).
  if (record.dynamodb?.NewImage?.neverPublic?.BOOL === true) return undefined;
  const before = positionOf(record.dynamodb?.OldImage as Image | undefined);
  const after = positionOf(record.dynamodb?.NewImage as Image | undefined);
  const articleId = after?.articleId ?? before?.articleId;
  return articleId ? { articleId, before } : undefined;
}

/**
 * The article changes in a stream batch, in order. Records of other items (revisions, deliveries,
 * markers, the publisher's own writes) are skipped: only an article head's change alters what is
 * public, which is also what keeps the publisher from triggering itself.
 */
export function articleChangesOf(records: DynamoDBRecord[]): ArticleChange[] {
  return records.flatMap((record) => {
    const change = articleChangeOf(record);
    return change ? [change] : [];
  });
}

/**
 * When the newest of a batch's article changes entered the stream: the greatest
 * `ApproximateCreationDateTime` (epoch seconds, so whole seconds) of the records `articleChangesOf`
 * keeps; `undefined` when none says. What the publisher measures its latency from.
 */
export function newestArticleChangeAt(records: DynamoDBRecord[]): Date | undefined {
  let newest: number | undefined;
  for (const record of records) {
    const seconds = record.dynamodb?.ApproximateCreationDateTime;
    if (seconds === undefined || articleChangeOf(record) === undefined) continue;
    newest = Math.max(newest ?? seconds, seconds);
  }
  return newest === undefined ? undefined : new Date(newest * 1000);
}
