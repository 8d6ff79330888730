import { describe, expect, it } from 'vitest';
import { CliError } from '../../lib/local/cli-errors';
import { deployedTargetOf, describeTarget, refuseDeployed } from '../../lib/local/target';

const deployedEnv = {
  FANPIN_TABLE_NAME: 'fanpin-prod-table',
  AWS_REGION: 'cn-northwest-1',
  ID_HASH_SECRET: 'a-secret-of-24-characters',
};

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    deployedTargetOf(env);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error('expected a CliError');
}

describe('the CLI target', () => {
  it('is the local stack when FANPIN_TABLE_NAME is not set, whatever else is', () => {
    expect(deployedTargetOf({ AWS_REGION: 'cn-northwest-1', ID_HASH_SECRET: 'x' })).toBeNull();
    expect(deployedTargetOf({ FANPIN_TABLE_NAME: '  ' })).toBeNull();
  });

  it('is the deployed table named by FANPIN_TABLE_NAME, in AWS_REGION, with the stack’s secret', () => {
    expect(deployedTargetOf(deployedEnv)).toEqual({
      kind: 'deployed',
      tableName: 'fanpin-prod-table',
      region: 'cn-northwest-1',
      idHashSecret: 'a-secret-of-24-characters',
    });
  });

  it('carries the sweep queue when FANPIN_SWEEP_QUEUE_URL is set', () => {
    const url = 'https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/fanpin-prod-sweep';
    expect(deployedTargetOf({ ...deployedEnv, FANPIN_SWEEP_QUEUE_URL: url })?.sweepQueueUrl).toBe(url);
  });

  it.each([['AWS_REGION'], ['ID_HASH_SECRET']])('names %s when deployed mode lacks it', (name) => {
    const env: NodeJS.ProcessEnv = { ...deployedEnv, [name]: undefined };

    expect(errorOf(env)).toMatch(
      new RegExp(`^FANPIN_TABLE_NAME is set \\(deployed mode\\) but ${name} is not`),
    );
  });

  it('refuses an ID_HASH_SECRET shorter than 16 characters, as lib/config.ts does', () => {
    expect(errorOf({ ...deployedEnv, ID_HASH_SECRET: 'fifteen-chars!!' })).toMatch(
      /^ID_HASH_SECRET must be at least 16 characters/,
    );
    expect(deployedTargetOf({ ...deployedEnv, ID_HASH_SECRET: 'sixteen-chars!!!' })?.idHashSecret).toBe(
      'sixteen-chars!!!',
    );
  });

  it('refuses a FANPIN_SWEEP_QUEUE_URL that is not an http(s) URL', () => {
    expect(errorOf({ ...deployedEnv, FANPIN_SWEEP_QUEUE_URL: 'fanpin-prod-sweep' })).toMatch(
      /^FANPIN_SWEEP_QUEUE_URL "fanpin-prod-sweep" is not an http\(s\) URL/,
    );
  });

  it('is described on one line with table and region, never the secret', () => {
    const line = describeTarget(deployedTargetOf(deployedEnv)!);

    expect(line).toBe('target: deployed table fanpin-prod-table in cn-northwest-1');
    expect(line).not.toContain(deployedEnv.ID_HASH_SECRET);
  });

  it('refuses a local-only command in deployed mode, and lets it run in local mode', () => {
    expect(() => refuseDeployed('token', 'use the OIDC provider', deployedEnv)).toThrow(
      '`fanpin token` works only on the local stack (FANPIN_TABLE_NAME is set): use the OIDC provider',
    );
    expect(() => refuseDeployed('token', 'use the OIDC provider', {})).not.toThrow();
  });
});
