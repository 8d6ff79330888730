// Maps AWS SDK errors from SES v2 and SNS to MailDeliveryError with a retryable flag.
import { MailDeliveryError } from '../../ports/mailer';

/** Error names that a later retry can get past. */
const RETRYABLE = new Set([
  // SES v2
  'TooManyRequestsException',
  // SNS
  'ThrottledException',
  'KMSThrottlingException',
  'InternalErrorException',
  // generic AWS / transport
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ETIMEDOUT',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function toMailDeliveryError(error: unknown, service: 'SES' | 'SNS'): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsLikeError;
  const reason = e.name ?? e.code ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const retryable =
    RETRYABLE.has(reason) ||
    (e.code !== undefined && RETRYABLE.has(e.code)) ||
    e.$retryable !== undefined ||
    status === 429 ||
    (status !== undefined && status >= 500);
  return new MailDeliveryError(`${service} delivery failed: ${reason}`, retryable, reason, { cause: error });
}
