import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** One authorization IAM makes for an AWS call: an action on a resource, within some partitions. */
export interface IamRequest {
  action: string;
  /** The ARN the action is authorized on. */
  resource: string;
  /** `dynamodb:LeadingKeys`: the partition keys the call touches, when the call names them. */
  leadingKeys?: string[];
  /** The SDK command it came from, for a readable failure. */
  command: string;
}

/** The ARN of each resource a test's clients call, by the name the call uses (table, bucket, secret id). */
export interface DeployedArns {
  tables: Record<string, string>;
  buckets: Record<string, string>;
  secrets: Record<string, string>;
  /** Roles a call passes, by the ARN the function's settings name. */
  roles?: Record<string, string>;
  /** The region and account whose EventBridge Scheduler schedules live in (`arn:aws:scheduler:<region>:<account>:…`). */
  scheduler?: { region: string; account: string };
}

type Input = Record<string, unknown>;

/** A key attribute's value, from either the document client's or the low-level client's input. */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const typed = value as { S?: unknown } | undefined;
  return typeof typed?.S === 'string' ? typed.S : undefined;
}

function arnOf(names: Record<string, string>, name: unknown, kind: string): string {
  return names[String(name)] ?? `unknown ${kind} ${String(name)}`;
}

/**
 * The partition key a Query names: the value of `<pk> = :value`, the first condition of its key
 * condition expression (the partition key's equality comes first in every query this code makes).
 */
function queriedPartition(input: Input): string | undefined {
  const match = /^\s*(#?\w+)\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression ?? ''));
  if (!match) return undefined;
  return stringOf((input.ExpressionAttributeValues as Input | undefined)?.[match[2] as string]);
}

/** What IAM authorizes for one DynamoDB call (docs: "Using IAM with DynamoDB transactions"). */
export function dynamodbRequests(command: string, input: Input, arns: DeployedArns): IamRequest[] {
  const name = command.replace(/Command$/, '');
  const table = (tableName: unknown) => arnOf(arns.tables, tableName, 'table');
  const itemRequest = (action: string, item: Input): IamRequest => {
    const key = (item.Key ?? item.Item) as Input | undefined;
    const pk = stringOf(key?.pk);
    return {
      action: `dynamodb:${action}`,
      resource: table(item.TableName),
      ...(pk === undefined ? {} : { leadingKeys: [pk] }),
      command: name,
    };
  };
  switch (name) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [itemRequest(name, input)];
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, Input>).map(([tableName, request]) => ({
        action: `dynamodb:${name}`,
        resource: table(tableName),
        // A batch get names its keys; a batch write, the key or item of each put and delete.
        leadingKeys: (Array.isArray(request)
          ? (request as Input[]).map(
              (write) =>
                ((write.PutRequest as Input | undefined)?.Item ??
                  (write.DeleteRequest as Input | undefined)?.Key) as Input | undefined,
            )
          : ((request.Keys as Input[] | undefined) ?? [])
        ).map((key) => stringOf(key?.pk) ?? ''),
        command: name,
      }));
    case 'Query': {
      const pk = queriedPartition(input);
      return [
        {
          action: 'dynamodb:Query',
          resource:
            input.IndexName === undefined
              ? table(input.TableName)
              : `${table(input.TableName)}/index/${String(input.IndexName)}`,
          // LeadingKeys of an index query are the index's partition key: only the table's are known here.
          ...(pk === undefined || input.IndexName !== undefined ? {} : { leadingKeys: [pk] }),
          command: name,
        },
      ];
    }
    // IAM authorizes each item of a transaction as the single-item call it stands for.
    case 'TransactWriteItems':
      return (input.TransactItems as Input[]).flatMap((entry) =>
        Object.entries(entry).map(([kind, item]) => {
          const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem' }[kind];
          return {
            ...itemRequest(action ?? 'ConditionCheckItem', item as Input),
            command: `${name}.${kind}`,
          };
        }),
      );
    case 'TransactGetItems':
      return (input.TransactItems as { Get: Input }[]).map((entry) => ({
        ...itemRequest('GetItem', entry.Get),
        command: `${name}.Get`,
      }));
    default:
      return [{ action: `dynamodb:${name}`, resource: table(input.TableName), command: name }];
  }
}

/** What IAM authorizes for one S3 call of the site adapter (HEAD is `s3:GetObject`). */
export function s3Requests(command: string, input: Input, arns: DeployedArns): IamRequest[] {
  const name = command.replace(/Command$/, '');
  const bucket = arnOf(arns.buckets, input.Bucket, 'bucket');
  const objectAction: Record<string, string> = {
    HeadObject: 's3:GetObject',
    GetObject: 's3:GetObject',
    PutObject: 's3:PutObject',
    DeleteObject: 's3:DeleteObject',
  };
  const action = objectAction[name];
  if (action !== undefined) return [{ action, resource: `${bucket}/${String(input.Key)}`, command: name }];
  if (name === 'ListObjectsV2') return [{ action: 's3:ListBucket', resource: bucket, command: name }];
  return [{ action: `s3:${name}`, resource: bucket, command: name }];
}

/** What IAM authorizes for one Secrets Manager call. */
export function secretsManagerRequests(command: string, input: Input, arns: DeployedArns): IamRequest[] {
  const name = command.replace(/Command$/, '');
  return [
    {
      action: `secretsmanager:${name}`,
      resource: arnOf(arns.secrets, input.SecretId, 'secret'),
      command: name,
    },
  ];
}

/**
 * What IAM authorizes for one EventBridge Scheduler call of the release scheduler: the action on the
 * schedule, and for a schedule made with a target role, passing that role (the service checks the
 * caller's iam:PassRole on it as it creates the schedule).
 */
export function schedulerRequests(command: string, input: Input, arns: DeployedArns): IamRequest[] {
  const name = command.replace(/Command$/, '');
  const where = arns.scheduler ?? { region: 'unknown-region', account: 'unknown-account' };
  const schedule = `arn:aws:scheduler:${where.region}:${where.account}:schedule/${String(input.GroupName ?? 'default')}/${String(input.Name)}`;
  const requests: IamRequest[] = [{ action: `scheduler:${name}`, resource: schedule, command: name }];
  const roleArn = (input.Target as Input | undefined)?.RoleArn;
  if (roleArn !== undefined)
    requests.push({
      action: 'iam:PassRole',
      resource: arnOf(arns.roles ?? {}, roleArn, 'role'),
      command: name,
    });
  return requests;
}

type Client = DynamoDBClient | S3Client | SecretsManagerClient | SchedulerClient;

/**
 * Records every call a function's clients send, as the IAM requests AWS would authorize for it. Local
 * emulators authorize nothing, so this is how a test learns what a role must allow: by watching the
 * function's real work. The middleware sits at the build step, after the document client has turned
 * its input into DynamoDB's own, and before retries, so each call is seen once.
 */
export class IamRequestRecorder {
  readonly requests: IamRequest[] = [];

  constructor(private readonly arns: DeployedArns) {}

  attach(
    client: Client,
    translate: (command: string, input: Input, arns: DeployedArns) => IamRequest[],
  ): void {
    (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
      (next, context) => async (args) => {
        this.requests.push(...translate(context.commandName ?? 'unknown', args.input as Input, this.arns));
        return next(args);
      },
      { step: 'build', name: 'recordIamRequests' },
    );
  }
}
