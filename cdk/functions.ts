// The function manifest: every Lambda handler in functions/ and what it needs on AWS. The service
// stack deploys one function per entry WHOSE FILE EXISTS, so a handler goes live by landing its
// file and its entry here. A handler gets exactly the grants listed (and, with each grant, the
// environment variable that names the resource, see cdk/constructs/handler-function.ts).
//
// To register a handler, add an entry:
//   {
//     file: 'sqs-sweep-village.ts',            // in functions/, exporting `handler`
//     description: 'Sweeps one village shard',
//     trigger: { kind: 'sqs', queue: 'sweep' }, // or { kind: 'http', routes: ['GET /v1/…'] }
//                                               // or { kind: 'schedule', target: 'start-sweep' }
//     table: 'readWrite',                       // 'read' | 'readWrite' → TABLE_NAME
//     sendsTo: ['notify'],                      // sqs:SendMessage → NOTIFY_QUEUE_URL
//     mail: true,                               // ses:SendEmail or sns:Publish → MAIL_*, DIGEST_RECIPIENTS
//     policy: true,                             // POLICY_OVERRIDES
//     jwt: true,                                // JWT_ISSUER, JWT_AUDIENCE
//     memoryMb: 1024, timeoutSeconds: 60,       // defaults: 512 MB; http 29 s, sqs the queue's
//   },                                          //   consumerTimeoutSeconds, schedule 60 s
import type { QueueKey } from '../lib/infra/queues';
import type { ScheduleTarget } from '../lib/infra/schedules';

export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `GET /v1/households/{id}`: the same route keys as lib/local/handlers.ts. */
export type RouteKey = `${HttpMethodName} /${string}`;

export type FunctionTrigger =
  | {
      kind: 'http';
      /** Behind the JWT authorizer. */
      routes: readonly RouteKey[];
      /** Reachable without a token (e.g. the OpenAPI document). */
      publicRoutes?: readonly RouteKey[];
    }
  | {
      kind: 'sqs';
      queue: QueueKey;
      /** Defaults come from lib/infra/queues.ts (shared with the local stack). */
      batchSize?: number;
      maxConcurrency?: number;
      maxBatchingWindowSeconds?: number;
    }
  | {
      kind: 'schedule';
      /** Every schedule in lib/infra/schedules.ts with this target invokes the function. */
      target: ScheduleTarget;
    };

export interface FunctionSpec {
  /** Handler file in functions/, e.g. `sqs-sweep-village.ts`; its stem names the function. */
  file: string;
  description: string;
  trigger: FunctionTrigger;
  table?: 'read' | 'readWrite';
  sendsTo?: readonly QueueKey[];
  /** Sends digests: SES or the SNS digest topic, as the deployment configures. */
  mail?: boolean;
  /** Reads the policy overrides of the deployment. */
  policy?: boolean;
  /** Reads the JWT issuer and audience (claims are checked by API Gateway; handlers may re-check). */
  jwt?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}

export const functionManifest: readonly FunctionSpec[] = [
  {
    file: 'schedule-start-sweep.ts',
    description: 'Starts the monthly or daily sweep: one sweep-queue message per village',
    trigger: { kind: 'schedule', target: 'start-sweep' },
    table: 'readWrite',
    sendsTo: ['sweep'],
    timeoutSeconds: 120,
  },
  {
    file: 'sqs-sweep-village.ts',
    description: 'Sweeps one village: grades, visit schedules, leads, cases',
    trigger: { kind: 'sqs', queue: 'sweep' },
    table: 'readWrite',
    policy: true,
    memoryMb: 1024,
  },
  {
    file: 'sqs-ingest-alert.ts',
    description: 'Ingests department alerts',
    trigger: { kind: 'sqs', queue: 'alerts' },
    table: 'readWrite',
    policy: true,
  },
  {
    file: 'schedule-start-digest.ts',
    description: 'On working days, queues one digest per county and township',
    trigger: { kind: 'schedule', target: 'start-digest' },
    table: 'read',
    sendsTo: ['notify'],
  },
  {
    file: 'sqs-send-digest.ts',
    description: 'Builds and mails one digest',
    trigger: { kind: 'sqs', queue: 'notify' },
    // The delivery ledger (one digest per unit per day) is a conditional put in the table.
    table: 'readWrite',
    mail: true,
  },
  {
    file: 'api-get-household.ts',
    description: 'GET /v1/households/{id}',
    trigger: { kind: 'http', routes: ['GET /v1/households/{id}'] },
    table: 'read',
    policy: true,
    jwt: true,
  },
];
