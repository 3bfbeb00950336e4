import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/local-credentials';
import { S3SiteBucket } from '../../shared/adapters/s3/s3-site-bucket';
import { PartnerRegistry } from '../../shared/config/partner-registry';
import { loadRuntimeConfig } from '../../shared/config/runtime-config';
import { ConfigurationError } from '../../shared/errors/configuration-error';
import { createPipelineContext } from '../../shared/runtime/pipeline-context';

const base = { TABLE_NAME: 'articles', PUBLIC_BASE_URL: 'https://news.example', PARTNER_REGISTRY: 'table' };

// Never sent anything: a context only builds adapters, which call nothing until a use case runs.
const clients = {
  dynamodb: new DynamoDBClient(LOCAL_AWS),
  s3: new S3Client(LOCAL_AWS),
  partners: new PartnerRegistry([]),
};
afterAll(() => {
  clients.dynamodb.destroy();
  clients.s3.destroy();
});

describe('BUCKET_NAME', () => {
  it('may be left out by a function that never writes the site (ingest, the editor)', () => {
    expect(loadRuntimeConfig(base).bucketName).toBeUndefined();
    expect(loadRuntimeConfig({ ...base, BUCKET_NAME: 'site-bucket' }).bucketName).toBe('site-bucket');
  });

  it('is still refused when it is set but cannot name a bucket', () => {
    expect(() => loadRuntimeConfig({ ...base, BUCKET_NAME: 'x' })).toThrow(/BUCKET_NAME/);
  });

  it('makes the context write to that bucket when set', () => {
    const context = createPipelineContext(
      loadRuntimeConfig({ ...base, BUCKET_NAME: 'site-bucket' }),
      clients,
    );
    expect(context.bucket).toBeInstanceOf(S3SiteBucket);
  });

  it('left out, fails whatever would write the site with a configuration error naming it', async () => {
    const { bucket } = createPipelineContext(loadRuntimeConfig(base), clients);
    const put = bucket.put({
      key: 'index.html',
      body: '<!doctype html>',
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'max-age=60',
    });
    await expect(put).rejects.toThrow(ConfigurationError);
    await expect(put).rejects.toThrow(/BUCKET_NAME: is required to write the site/);
    await expect(bucket.delete('index.html')).rejects.toThrow(/BUCKET_NAME/);
  });
});
