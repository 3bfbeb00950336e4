import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { PartnerRegistry } from '../config/partner-registry';
import { loadRuntimeConfig } from '../config/runtime-config';
import { ConfigurationError } from '../errors/configuration-error';
import { createPipelineContext, type PipelineContext } from './pipeline-context';

let context: Promise<PipelineContext> | undefined;

/**
 * The context of a Lambda container, built on first use and kept for the container's life:
 * configuration is validated once, clients are reused across invocations.
 */
export function lambdaContext(serviceName: string): Promise<PipelineContext> {
  context ??= (async () => {
    const config = loadRuntimeConfig();
    if (!config.partnersFile) throw new ConfigurationError('PARTNERS_FILE is required');
    return createPipelineContext(config, {
      dynamodb: new DynamoDBClient({}),
      s3: new S3Client({}),
      partners: await PartnerRegistry.fromFile(config.partnersFile),
      logger: new Logger({ serviceName }),
    });
  })();
  return context;
}
