import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, inject, it } from 'vitest';
import { startSecretsManager } from '../../local/emulators/secrets-manager';
import { LOCAL_AWS } from '../../local/local-credentials';

describe('the Secrets Manager emulator (moto)', () => {
  it('the global setup provides one that stores and returns a secret', async () => {
    const client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: inject('secretsManagerEndpoint') });
    const name = `emulator-${randomUUID()}`;
    await client.send(new CreateSecretCommand({ Name: name, SecretString: '{"partners":{}}' }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: name }));
    expect(value.SecretString).toBe('{"partners":{}}');
    client.destroy();
  });

  it('no longer answers once stopped', async () => {
    const emulator = await startSecretsManager();
    const client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: emulator.endpoint, maxAttempts: 1 });
    await expect(client.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    await emulator.stop();
    await expect(client.send(new ListSecretsCommand({}))).rejects.toThrow();
    client.destroy();
  });
});
