import { describe, expect, it } from 'vitest';
import { SHARED_DYNAMODB_ENV } from '../../../localstack/dynamodb/dynamodb-namespace.ts';
import { JavaMissingError, startLocalStack } from '../../../localstack/index.ts';

// These test the stack's own DynamoDB Local process (java), not the test run's shared one.
delete process.env[SHARED_DYNAMODB_ENV];

describe('without Java', () => {
  it('throws JavaMissingError with install instructions', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-sluice-path';
    try {
      const err = await startLocalStack({ port: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JavaMissingError);
      expect((err as JavaMissingError).code).toBe('JAVA_MISSING');
      expect((err as JavaMissingError).message).toContain('sudo apt-get install -y openjdk-17-jre-headless');
    } finally {
      process.env.PATH = path;
    }
  });
});
