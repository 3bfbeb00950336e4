import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design';

/**
 * Properties of {@link ArticleTable}. Empty for now: the key design is fixed by `TABLE_DESIGN` and every
 * other setting is a deliberate default. Later issues add options here.
 */
// biome-ignore lint/suspicious/noEmptyInterface: placeholder that later issues extend with options
export interface ArticleTableProps {}

/**
 * The single DynamoDB table holding articles, revisions, publications, slugs, delivery ids and the
 * ordering indexes. Its keys, TTL attribute, GSIs and stream view type all come from `TABLE_DESIGN`, the
 * same constant the adapter and the local table creation use, so the three never drift.
 *
 * On demand billing, point-in-time recovery, AWS-managed encryption, deletion protection, and retained
 * on stack deletion.
 */
export class ArticleTable extends Construct {
  /** The table, for grants and for passing its name to functions. */
  public readonly table: ITable;
  /** ARN of the table's stream (new and old images), the publisher's event source. */
  public readonly streamArn: string;

  constructor(scope: Construct, id: string, _props: ArticleTableProps = {}) {
    super(scope, id);

    const table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      stream: StreamViewType[TABLE_DESIGN.streamViewType],
      removalPolicy: RemovalPolicy.RETAIN,
      // Retained by CloudFormation, and refused by DynamoDB to anyone who deletes it by hand.
      deletionProtection: true,
    });

    for (const index of [TABLE_DESIGN.byPartnerIndex, TABLE_DESIGN.catalogIndex]) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.KEYS_ONLY,
      });
    }

    if (table.tableStreamArn === undefined) {
      throw new Error('ArticleTable: the table has no stream although one was configured');
    }
    this.table = table;
    this.streamArn = table.tableStreamArn;
  }
}
