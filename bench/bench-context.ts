import { Logger } from '@aws-lambda-powertools/logger';
import type { PartnerRegistry } from '../shared/config/partner-registry';
import {
  createPipelineContext,
  type PipelineClients,
  type PipelineContext,
} from '../shared/runtime/pipeline-context';
import { benchPartners } from './bench-partner';

/**
 * The pipeline a benchmark drives: table and bucket `name`, a site at a made-up address, the bench
 * partner unless `partners` says otherwise, and a logger that keeps quiet unless one is given.
 */
export function benchPipelineContext(
  name: string,
  clients: Pick<PipelineClients, 'dynamodb' | 's3'> & { partners?: PartnerRegistry; logger?: Logger },
): PipelineContext {
  return createPipelineContext(
    {
      tableName: name,
      bucketName: name,
      publicBaseUrl: 'https://news.example',
      site: { title: 'Bench', description: 'Bench', language: 'en' },
    },
    {
      ...clients,
      partners: clients.partners ?? benchPartners(),
      logger: clients.logger ?? new Logger({ logLevel: 'CRITICAL' }),
    },
  );
}
