// EventBridge Scheduler (monthly 02:00 on the 1st, daily 06:00, Asia/Shanghai) → record the sweep run and
// send one sweep-queue message per village (lib/app/start-sweep.ts). The payload's scheduledTime is the
// sweep's as-of (never the clock), so a replay of a past date is the same event with that time.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { productionSweepDeps } from '../lib/adapters/sqs/sweep-deps';
import { traced } from '../lib/adapters/tracing/tracer';
import { type StartSweepDeps, startSweep } from '../lib/app/start-sweep';

const payloadSchema = z.object({
  kind: z.enum(['monthly', 'daily']),
  scheduledTime: z.iso.datetime({ offset: true }),
});

const logger = new Logger({ serviceName: 'fanpin' });

export function makeHandler(deps: StartSweepDeps | (() => StartSweepDeps)) {
  return middy(async (event: unknown, _context: Context) => {
    const payload = payloadSchema.parse(event);
    const result = await startSweep(typeof deps === 'function' ? deps() : deps, {
      kind: payload.kind,
      asOf: payload.scheduledTime,
    });
    logger.info('sweep started', { ...result });
    return result;
  }).use(injectLambdaContext(logger));
}

export const handler = traced(makeHandler(() => productionSweepDeps()));
