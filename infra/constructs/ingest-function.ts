import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PipelineFunction } from './pipeline-function';
import { PARTNER_REGISTRY_IN_TABLE } from './site-rendering-function';

/**
 * An API-facing function must answer before the HTTP API's integration gives up (30 s, not raisable for
 * HTTP APIs), so that a slow request ends as the function's own problem response, not a bare 503.
 */
export const API_FUNCTION_TIMEOUT = Duration.seconds(29);

/** Properties of {@link IngestFunction}. */
export interface IngestFunctionProps {
  /** The article table: deliveries, revisions, orders, rate-limit counters and the partner profiles. */
  readonly table: ITable;
  /** The one secret holding every partner's webhook secrets (the data stack's `PartnerSecrets`). */
  readonly partnerSecret: ISecret;
  /** Base of the article URLs a receipt carries (`PUBLIC_BASE_URL`). */
  readonly publicBaseUrl: string;
}

/**
 * The partner webhook (`POST /v1/partners/{partnerId}/articles`, CONTRACT §1): verifies the Standard
 * Webhooks signature with the partner's secrets, cleans and attributes the article, and commits the
 * delivery and its revision to the table. The publisher takes it from there through the stream.
 */
export class IngestFunction extends PipelineFunction {
  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id, {
      entry: 'functions/ingest/handler.ts',
      description: 'Verifies, cleans and stores partner deliveries (the partner webhook)',
      serviceName: 'ingest',
      timeout: API_FUNCTION_TIMEOUT,
      environment: {
        PUBLIC_BASE_URL: props.publicBaseUrl,
        ...PARTNER_REGISTRY_IN_TABLE,
      },
    });
    // Exactly what a delivery calls (tests/integration/function-grants.test.ts watches it): BatchGetItem
    // for a delivery's receipt with the article it names; GetItem for the partner's profile, a receipt
    // alone, the article read again and its publication; UpdateItem for the partner's rate-limit
    // counter and an unchanged article's event time, PutItem for that delivery's receipt; and one
    // TransactWriteItems, authorized item by item, of Puts (head, revision, pending marker, slug,
    // delivery, order entries) and Deletes (order entries the article leaves). It queries nothing, so
    // no Query, no index, no Scan and no batch write. It never calls S3, so it gets no BUCKET_NAME and
    // no grant on the site.
    this.useTable(props.table, [
      {
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ],
      },
    ]);
    this.usePartnerSecret(props.partnerSecret);
  }
}
