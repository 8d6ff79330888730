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
//     idNumbers: 'hash',                        // D16: 'hash' → ID_HASH_SECRET; 'seal' → also ID_KMS_KEY_ID
//                                               //   and kms:GenerateDataKey on the ID number key
//     sendsTo: ['notify'],                      // sqs:SendMessage → NOTIFY_QUEUE_URL
//     mail: true,                               // ses:SendEmail or sns:Publish → MAIL_*, DIGEST_RECIPIENTS
//     recipients: true,                         // DIGEST_RECIPIENTS only (plans digests, sends none)
//     policy: true,                             // POLICY_OVERRIDES
//     jwt: true,                                // JWT_ISSUER, JWT_AUDIENCE
//     idempotency: true,                        // Get/Put/UpdateItem on <table>-idempotency (ADR 0019)
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
  /** D16: hashes head ID numbers (matching, §10), or also seals new ones (encrypts with the KMS key). */
  idNumbers?: 'hash' | 'seal';
  sendsTo?: readonly QueueKey[];
  /** Sends digests: SES or the SNS digest topic, as the deployment configures. */
  mail?: boolean;
  /** Reads the digest recipients without sending mail (`mail` implies them). */
  recipients?: boolean;
  /** Reads the policy overrides of the deployment. */
  policy?: boolean;
  /** Reads the JWT issuer and audience (claims are checked by API Gateway; handlers may re-check). */
  jwt?: boolean;
  /** Takes Idempotency-Key headers (issue 17 item 11a): reads and writes the idempotency table. */
  idempotency?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
}

// Grants below were read off each handler's production deps (and confirmed by their authors): every
// API handler built on lib/http/deps.ts reads the policy (thresholds in answers and in re-assessment);
// none reads JWT_ISSUER/JWT_AUDIENCE (API Gateway checks the token), so none is given them.
export const functionManifest: readonly FunctionSpec[] = [
  {
    file: 'schedule-start-sweep.ts',
    description: 'Starts the monthly or daily sweep: one sweep-queue message per village',
    trigger: { kind: 'schedule', target: 'start-sweep' },
    // The run record (once per sweep) is a conditional put.
    table: 'readWrite',
    sendsTo: ['sweep'],
    timeoutSeconds: 120,
  },
  {
    file: 'sqs-sweep-village.ts',
    description: 'Sweeps one village: grades, visit schedules, leads, cases',
    // Batch 5, at most 4 concurrent, 60 s, partial batch failures: lib/infra/queues.ts (sweep).
    trigger: { kind: 'sqs', queue: 'sweep' },
    table: 'readWrite',
    policy: true,
    memoryMb: 1024,
  },
  {
    file: 'sqs-ingest-alert.ts',
    description: 'Ingests department alerts: one alert per message, a lead and its case in one commit',
    trigger: { kind: 'sqs', queue: 'alerts' },
    table: 'readWrite',
    // §10: matches alerts by the keyed hash of the head's ID number.
    idNumbers: 'hash',
    policy: true,
  },
  {
    file: 'schedule-start-digest.ts',
    description: 'On working days, queues one digest per county and township',
    trigger: { kind: 'schedule', target: 'start-digest' },
    table: 'read',
    sendsTo: ['notify'],
    // Which units have recipients decides which digests are queued; it sends no mail itself.
    recipients: true,
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
    file: 'api-get-openapi.ts',
    description: 'The OpenAPI document (no token, no table)',
    trigger: { kind: 'http', routes: [], publicRoutes: ['GET /v1/openapi.json'] },
  },
  {
    file: 'api-get-unit.ts',
    description:
      'A unit: its name, summary from its counters, its child units side by side, its households page by page',
    trigger: {
      kind: 'http',
      routes: [
        'GET /v1/units/{code}',
        'GET /v1/units/{code}/summary',
        'GET /v1/units/{code}/children',
        'GET /v1/units/{code}/households',
      ],
    },
    table: 'read',
    policy: true,
  },
  {
    file: 'api-get-household.ts',
    description: 'One household with its explanation, and its history',
    trigger: { kind: 'http', routes: ['GET /v1/households/{id}', 'GET /v1/households/{id}/history'] },
    table: 'read',
    policy: true,
  },
  {
    file: 'api-change-household.ts',
    description: 'Household changes: facts, visits, measures, contact, applications, transitions',
    trigger: {
      kind: 'http',
      routes: [
        'PUT /v1/households/{id}',
        'POST /v1/households/{id}/visits',
        'POST /v1/households/{id}/measures',
        'PUT /v1/households/{id}/contact',
        'POST /v1/households/{id}/applications',
        'POST /v1/households/{id}/transitions',
      ],
    },
    table: 'readWrite',
    // D16: PUT (and a visit's updates) may give a new head ID number, sealed and hashed here.
    idNumbers: 'seal',
    policy: true,
    // The visit and measure POSTs take an Idempotency-Key (issue 17 item 11a).
    idempotency: true,
  },
  {
    file: 'api-get-cases.ts',
    description: 'Cases of a unit, page by page',
    trigger: { kind: 'http', routes: ['GET /v1/cases'] },
    table: 'read',
    policy: true,
  },
  {
    file: 'api-change-case.ts',
    description: 'Acknowledge or resolve a case',
    trigger: { kind: 'http', routes: ['POST /v1/cases/{id}/acknowledge', 'POST /v1/cases/{id}/resolve'] },
    table: 'readWrite',
    policy: true,
  },
  {
    file: 'api-get-report.ts',
    description: 'The monthly report of a unit, and the reports of a range of months',
    trigger: { kind: 'http', routes: ['GET /v1/reports/{unit}/{month}', 'GET /v1/units/{code}/reports'] },
    table: 'read',
    policy: true,
  },
  {
    file: 'api-submit-report.ts',
    description: "A township submits its month's report",
    trigger: { kind: 'http', routes: ['POST /v1/reports/{township}/{month}/submit'] },
    table: 'readWrite',
    policy: true,
  },
  {
    file: 'api-post-alert.ts',
    description: 'A department alert over HTTP (the alerts queue takes the same alerts)',
    trigger: { kind: 'http', routes: ['POST /v1/alerts'] },
    table: 'readWrite',
    idNumbers: 'hash',
    policy: true,
  },
];
