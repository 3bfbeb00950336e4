import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { API_FUNCTION_TIMEOUT } from './ingest-function';
import { CATALOG_INDEXES, PipelineFunction } from './pipeline-function';
import { PARTNER_REGISTRY_IN_TABLE } from './site-rendering-function';

/** Properties of {@link EditorFunction}. */
export interface EditorFunctionProps {
  /** The article table: articles, revisions, publications, the catalog index and republish jobs. */
  readonly table: ITable;
  /** Base of the page URLs its article views carry (`PUBLIC_BASE_URL`). */
  readonly publicBaseUrl: string;
}

/**
 * The editor API (CONTRACT §4, docs/editor-api.md) behind the HTTP API's JWT authorizer:
 * `EDITOR_AUTH=jwt` makes it take the editor from the authorizer's claims (decision 0024). It reads and
 * writes the table (corrections, takedowns, republish jobs) and never touches the site (a takedown or
 * correction is rendered by the publisher; no `BUCKET_NAME`, no grant) or the partner secrets.
 */
export class EditorFunction extends PipelineFunction {
  constructor(scope: Construct, id: string, props: EditorFunctionProps) {
    super(scope, id, {
      entry: 'functions/editor/handler.ts',
      description: 'The editor API: corrections, takedowns and republish jobs',
      serviceName: 'editor',
      timeout: API_FUNCTION_TIMEOUT,
      environment: {
        EDITOR_AUTH: 'jwt',
        PUBLIC_BASE_URL: props.publicBaseUrl,
        ...PARTNER_REGISTRY_IN_TABLE,
      },
    });
    // Exactly what the editor API calls (tests/integration/function-grants.test.ts watches it): GetItem
    // and BatchGetItem for articles, publications, jobs and partner profiles; Query for an article's
    // revisions and, on the two catalog indexes, the article list and a job's count; PutItem for a new
    // job; and TransactWriteItems, authorized item by item: a correction or takedown Puts the head, the
    // revision and the pending marker and Deletes the order entries it leaves, a republish Updates the
    // head and Puts the marker. No Scan and no batch write.
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
      { actions: ['dynamodb:Query'], indexes: CATALOG_INDEXES },
    ]);
  }
}
