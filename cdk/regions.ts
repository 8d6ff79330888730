// Which AWS partition a region belongs to, and which services fanpin uses that a region lacks.
// Services missing in a region are switched off by configuration (cdk/config.ts), never by
// hard-coded ARNs: templates use the stack's partition everywhere.

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Optional services fanpin can do without (mail falls back to an SNS topic). */
export type OptionalService = 'ses';

const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$/;

export function isRegionName(region: string): boolean {
  return REGION.test(region);
}

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * Regions where an optional service is not offered. SES has no endpoint in the China regions
 * (Beijing cn-north-1, Ningxia cn-northwest-1); there digests go out through an SNS topic.
 */
const unavailable: Record<OptionalService, readonly string[]> = {
  ses: ['cn-north-1', 'cn-northwest-1'],
};

export function isAvailable(service: OptionalService, region: string): boolean {
  return !unavailable[service].includes(region);
}
