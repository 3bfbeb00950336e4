import { isDeepStrictEqual } from 'node:util';
import { slugAlternative, slugCandidate } from '../clean/slug';
import type { Partner } from '../config/partner-registry-schema';
import type { Article, ArticleContent, ArticleRevision, Visibility } from '../domain/article';
import { articleIdFor } from '../domain/article-id';
import { contentHash } from '../domain/content-hash';
import type { Editorial } from '../domain/editorial';
import { embargoStateOf, neverPublicAfter, releaseMarkerChange } from '../domain/embargo';
import { orderChanges } from '../domain/order-entry';
import { applyPartnerEvent, partnerUpdatedAtOf } from '../domain/partner-update';
import { armRelease, disarmStaleRelease } from '../embargo/release-schedule';
import {
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors/http-errors';
import {
  ArticleTooLargeError,
  ConcurrentChangeError,
  DeliveryAlreadyRecordedError,
  SlugTakenError,
} from '../errors/store-errors';
import type { ArticleStore, DeliveryReceipt } from '../ports/article-store';
import type { PartnerDirectory } from '../ports/partner-directory';
import type { RateLimiter } from '../ports/rate-limiter';
import type { ReleaseScheduler } from '../ports/release-scheduler';
import type { SiteUrls } from '../render/site-urls';
import { refuseOutsideDateWindow } from './date-window';
import { deliveredExternalId } from './delivery-schema';
import { holdsUpdatedAtOrder, partnerVisibilityOf } from './embargo-rules';
import { normaliseArticle } from './normalise-article';
import { type DeliveryEvent, parseDelivery, readDeliveryJson } from './parse-delivery';
import { assertStoredFieldsFit } from './stored-fields';
import { verifyWebhook, type WebhookHeaders } from './webhook-signature';

/**
 * CONTRACT §1: the body is at most 5.5 MiB, checked before anything reads it: room for a whole
 * page of 5 MiB and the envelope, within Lambda's 6 MB request limit.
 */
export const MAX_DELIVERY_BYTES = 5.5 * 1024 * 1024;

/** What the ingest use case needs. */
export interface IngestDependencies {
  partners: PartnerDirectory;
  store: ArticleStore;
  rateLimiter: RateLimiter;
  urls: SiteUrls;
  /**
   * The time deliveries are judged at (future event and article times, rate windows, revision
   * stamps); the wall clock unless a test pins it. The 300 s signature window is the
   * `standardwebhooks` library's, against the wall clock.
   */
  clock?: () => Date;
  /** Arms the release of an embargoed article (docs/decisions/0045-…); required to accept one. */
  releases?: ReleaseScheduler;
}

/** One partner delivery as it arrived. */
export interface DeliveryRequest {
  partnerId: string;
  contentType: string | undefined;
  headers: WebhookHeaders;
  body: Uint8Array;
}

/** `202` for a change accepted, `200` for a retry or a change that changes nothing. */
export interface DeliveryOutcome {
  status: 200 | 202;
  receipt: DeliveryReceipt;
}

const MAX_ATTEMPTS = 5;

function now(deps: IngestDependencies): Date {
  return deps.clock ? deps.clock() : new Date();
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * Accepts one signed partner delivery exactly once: verifies, validates, cleans and attributes
 * it, and stores a new revision with its delivery id, or answers from the first answer to that id.
 */
export async function ingestDelivery(
  request: DeliveryRequest,
  deps: IngestDependencies,
): Promise<DeliveryOutcome> {
  if (request.body.byteLength > MAX_DELIVERY_BYTES) {
    throw new PayloadTooLargeError({
      detail: `The body is ${request.body.byteLength} bytes; the limit is 5.5 MiB.`,
    });
  }
  if (!isJson(request.contentType)) {
    throw new UnsupportedMediaTypeError({
      detail: 'Deliveries must be sent as Content-Type: application/json.',
    });
  }
  const {
    partner: verifiedPartner,
    deliveryId,
    body,
  } = verifyWebhook(await deps.partners.getPartner(request.partnerId), request.headers, request.body);

  // The receipt and the article's head in one read, the article named by the body before anything
  // else in it is judged: one round trip fewer for every delivery. A retry is still answered before
  // the limit and the rules still run only within it; what a delivery over the limit now costs before
  // its 429 is the body's JSON parse and the head's read units (docs/publishing.md).
  const json = readDeliveryJson(body);
  const namedId = 'json' in json ? deliveredExternalId(json.json) : undefined;
  const { receipt: earlier, article: named } =
    namedId === undefined
      ? { receipt: await deps.store.getDeliveryReceipt(verifiedPartner.id, deliveryId), article: undefined }
      : await deps.store.getDeliveryAndArticle(
          verifiedPartner.id,
          deliveryId,
          articleIdFor(verifiedPartner.id, namedId),
        );
  // A delivery already seen gets its first answer, even from a partner now over its limit.
  if (earlier) return { status: 200, receipt: earlier };

  // One instant for every rule about time, from the injected clock, so tests can pin it.
  const receivedAt = now(deps);
  // Counted after the signature, so nobody can spend a partner's budget without its secret.
  const rate = await deps.rateLimiter.consume(
    verifiedPartner.id,
    verifiedPartner.rateLimit.perMinute,
    receivedAt,
  );
  if (!rate.allowed) {
    throw new RateLimitedError({
      detail: `Over the limit of ${verifiedPartner.rateLimit.perMinute} deliveries a minute; retry after ${rate.retryAfterSeconds} s.`,
      headers: { 'retry-after': String(rate.retryAfterSeconds) },
    });
  }

  const event = parseDelivery(json, receivedAt);
  const externalId = event.type === 'article.deleted' ? event.deletion.externalId : event.article.externalId;
  const identity = { articleId: articleIdFor(verifiedPartner.id, externalId), externalId };
  for (let attempt = 1; ; attempt++) {
    try {
      // The head read with the receipt; after another writer moved the article on, read again. When it
      // came with the receipt nothing is awaited between the field rules and the cleaning, so the HTML's
      // one streaming pass serves both (htmlFacts keeps the last answer) even among concurrent deliveries.
      const current =
        attempt === 1 && externalId === namedId ? named : await deps.store.getArticle(identity.articleId);
      return await applyEvent(event, identity, current, verifiedPartner, deliveryId, receivedAt, deps);
    } catch (error) {
      if (error instanceof ArticleTooLargeError && event.type !== 'article.deleted') {
        const field = event.article.contentHtml !== undefined ? 'contentHtml' : 'contentText';
        throw new ValidationError({
          detail: `The content compresses to ${error.storedBytes} bytes; at most ${error.limitBytes} can be stored. Typical articles compress to a fraction of that.`,
          fieldErrors: [{ pointer: `/data/${field}`, message: 'is too large to store once compressed' }],
          cause: error,
        });
      }
      if (error instanceof DeliveryAlreadyRecordedError) {
        const receipt = await deps.store.getDeliveryReceipt(verifiedPartner.id, deliveryId);
        if (receipt) return { status: 200, receipt };
      }
      // Another writer moved the article on between our read and our write: read it again.
      if (!(error instanceof ConcurrentChangeError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** One change about to be applied: what it is, to which article, from which delivery. */
interface Change {
  current: Article | undefined;
  identity: { articleId: string; externalId: string };
  /** The partner's new content; absent for a deletion, which keeps the stored content. */
  content: ArticleContent | undefined;
  visibility: Visibility;
  eventType: string;
  /** The envelope `timestamp`, as a UTC instant. */
  occurredAt: string;
  partner: Partner;
  deliveryId: string;
}

async function applyEvent(
  event: DeliveryEvent,
  identity: Change['identity'],
  current: Article | undefined,
  partner: Partner,
  deliveryId: string,
  receivedAt: Date,
  deps: IngestDependencies,
): Promise<DeliveryOutcome> {
  const occurredAt = new Date(event.occurredAt).toISOString();
  // Deliveries can arrive out of order (a retried update after a later deletion): an event older
  // than the newest one applied to the article is refused, whatever its content says.
  if (current?.eventAt && occurredAt < current.eventAt) {
    throw new ConflictError({
      detail: `This ${event.type} event (${event.occurredAt}) is older than the last event applied to the article (${current.eventAt}).`,
    });
  }
  const change = { current, identity, eventType: event.type, occurredAt, partner, deliveryId };

  if (event.type === 'article.deleted') {
    if (!current) {
      throw new NotFoundError({
        detail: `No article with externalId "${identity.externalId}" was delivered by this partner.`,
      });
    }
    return commitChange({ ...change, content: undefined, visibility: 'withdrawn' }, deps);
  }

  refuseOutsideDateWindow(event.article.publishedAt, current, partner, receivedAt);
  const visibility = partnerVisibilityOf(event.article.publishedAt, current, receivedAt);
  const content = normaliseArticle(event.article, partner);
  assertStoredFieldsFit(content, event.article);
  // Judged against the partner's own newest updatedAt: an editor's correction moves the article's.
  if (
    current &&
    holdsUpdatedAtOrder(current) &&
    new Date(content.updatedAt) < new Date(partnerUpdatedAtOf(current))
  ) {
    throw new ConflictError({
      detail: `updatedAt ${content.updatedAt} is older than the stored revision ${current.revision} (${partnerUpdatedAtOf(current)}).`,
    });
  }
  return commitChange({ ...change, content, visibility }, deps);
}

/**
 * Editorial records equal, `partnerUpdatedAt` included: a newer one alone changes nothing readers
 * see, but it is a change all the same, stored so that an older update arriving later is refused.
 */
function sameEditorial(a: Editorial | undefined, b: Editorial | undefined): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? {})), JSON.parse(JSON.stringify(b ?? {})));
}

async function commitChange(change: Change, deps: IngestDependencies): Promise<DeliveryOutcome> {
  const { current, partner, deliveryId } = change;
  // Editors' corrections and takedown hold against the partner (docs/decisions/0021-…).
  const { content, visibility, editorial } = applyPartnerEvent(current, {
    content: change.content,
    visibility: change.visibility,
  });
  const recordedAt = now(deps).toISOString();
  const hash = contentHash(content);
  // A taken-down article stays down whatever the partner sends; its receipt says so.
  const takenDown = editorial?.takedown !== undefined;

  if (
    current &&
    current.contentHash === hash &&
    current.visibility === visibility &&
    sameEditorial(current.editorial, editorial)
  ) {
    // Nothing to publish, but the event is the newest seen: an older one arriving later is stale.
    await deps.store.recordEventTime(current.articleId, change.occurredAt);
    const publication = await deps.store.getPublication(current.articleId);
    const receipt: DeliveryReceipt = {
      articleId: current.articleId,
      revision: current.revision,
      state: takenDown
        ? 'unpublished'
        : (embargoStateOf(current) ??
          (publication && publication.renderedSeq >= current.changeSeq ? publication.state : 'pending')),
      url: deps.urls.articlePage(current.slug).url,
    };
    await deps.store.recordDelivery(partner.id, deliveryId, receipt);
    return { status: 200, receipt };
  }

  const { articleId, externalId } = change.identity;
  const baseSlug = current?.slug ?? slugCandidate(content.title, externalId);
  for (let attempt = 1; ; attempt++) {
    const slug = current ? current.slug : slugAlternative(baseSlug, attempt, articleId);
    const article: Article = {
      articleId,
      partnerId: partner.id,
      externalId,
      slug,
      revision: (current?.revision ?? 0) + 1,
      visibility,
      changeSeq: (current?.changeSeq ?? 0) + 1,
      content,
      contentHash: hash,
      createdAt: current?.createdAt ?? recordedAt,
      modifiedAt: recordedAt,
      eventAt: current?.eventAt && current.eventAt > change.occurredAt ? current.eventAt : change.occurredAt,
      ...(editorial ? { editorial } : {}),
      ...(neverPublicAfter(current, visibility) ? { neverPublic: true } : {}),
    };
    const revision: ArticleRevision = {
      articleId,
      revision: article.revision,
      content,
      contentHash: hash,
      visibility,
      origin: { kind: 'delivery', deliveryId, eventType: change.eventType },
      recordedAt,
    };
    const receipt: DeliveryReceipt = {
      articleId,
      revision: article.revision,
      state: takenDown ? 'unpublished' : (embargoStateOf(article) ?? 'pending'),
      url: deps.urls.articlePage(slug).url,
    };
    const releaseMarker = releaseMarkerChange(current, article);
    try {
      await armRelease(articleId, releaseMarker, deps.releases);
      await deps.store.commitRevision({
        article,
        revision,
        expectedRevision: current?.revision,
        expectedChangeSeq: current?.changeSeq,
        delivery: { partnerId: partner.id, deliveryId, receipt },
        orders: orderChanges(current, article),
        releaseMarker,
      });
      await disarmStaleRelease(current, article, deps.releases);
      return { status: 202, receipt };
    } catch (error) {
      if (!(error instanceof SlugTakenError) || current || attempt >= 3) throw error;
    }
  }
}
