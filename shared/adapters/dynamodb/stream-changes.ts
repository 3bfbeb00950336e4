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

/**
 * The article changes in a stream batch, in order. Records of other items (revisions, deliveries,
 * markers, the publisher's own writes) are skipped: only an article head's change alters what is
 * public, which is also what keeps the publisher from triggering itself.
 */
export function articleChangesOf(records: DynamoDBRecord[]): ArticleChange[] {
  return records.flatMap((record) => {
    // A head rewritten without a new changeSeq (a newer event time recorded) alters nothing public.
    const oldSeq = record.dynamodb?.OldImage?.changeSeq?.N;
    if (oldSeq !== undefined && oldSeq === record.dynamodb?.NewImage?.changeSeq?.N) return [];
    const before = positionOf(record.dynamodb?.OldImage as Image | undefined);
    const after = positionOf(record.dynamodb?.NewImage as Image | undefined);
    const articleId = after?.articleId ?? before?.articleId;
    return articleId ? [{ articleId, before }] : [];
  });
}
