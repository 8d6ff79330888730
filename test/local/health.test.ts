import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler } from '../../lib/local/handlers';

const saved = process.env.TABLE_NAME;
afterEach(() => {
  if (saved === undefined) delete process.env.TABLE_NAME;
  else process.env.TABLE_NAME = saved;
});

describe('GET /v1/health', () => {
  it('answers 503 "starting" while the stack has not yet set the handlers environment', async () => {
    delete process.env.TABLE_NAME;
    const result = await healthHandler({} as APIGatewayProxyEventV2WithJWTAuthorizer, {} as Context);
    expect(result).toMatchObject({ statusCode: 503 });
    expect(JSON.parse((result as { body: string }).body)).toEqual({ status: 'starting' });
  });
});
