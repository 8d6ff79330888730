// Powertools Tracer (AWS X-Ray) around every Lambda handler: a `## handler` subsegment with the cold
// start annotation and any error, and the handler's HTTPS calls (DynamoDB, SQS, SES, SNS) as
// subsegments. The functions run with active tracing on AWS (cdk/constructs/handler-function.ts).
// Off locally unless asked: Powertools turns the tracer off outside Lambda (no AWS_EXECUTION_ENV), so
// the local stack and the tests trace nothing; POWERTOOLS_TRACE_ENABLED=false turns it off on AWS too.
// Responses are never recorded: they carry household data (no PII leaves through traces either).
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';

export const tracer = new Tracer({ serviceName: 'fanpin' });

/** The handler, traced. Its signature is unchanged: Lambda calls it exactly as before. */
// biome-ignore lint/suspicious/noExplicitAny: any Lambda handler (event and result types vary)
export function traced<H extends (event: any, context: any) => Promise<any>>(handler: H): H {
  return middy(handler).use(captureLambdaHandler(tracer, { captureResponse: false })) as unknown as H;
}
