// cdk-nag 3 runs as a CDK policy-validation plugin and findings are acknowledged through CDK's
// own `Validations.of(construct).acknowledge()`. Every acknowledgment here carries its reason.
// cdk-nag is CommonJS; the ESM loader sees its pack classes as named exports.
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export { AwsSolutionsChecks };

/** Acknowledge a cdk-nag finding (`AwsSolutions-SQS3`, `AwsSolutions-IAM5[Resource::…]`) with its reason. */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
