// `npx cdk synth --quiet` says nothing about feature flags (issue 22): cdk.json sets every aws-cdk-lib
// feature flag of this version explicitly. An aws-cdk-lib upgrade that brings new flags fails here until
// they are pinned (docs/deploy.md "Feature flags": `npx cdk flags --unstable=flags --set --unconfigured
// --default` keeps today's templates).
import { readFileSync } from 'node:fs';
import { CURRENT_VERSION_EXPIRED_FLAGS, FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';

const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'))
  .context as Record<string, unknown>;

describe('cdk.json feature flags', () => {
  it('sets every feature flag of the installed aws-cdk-lib (none left for the CLI to count)', () => {
    const live = Object.keys(FLAGS).filter((f) => !CURRENT_VERSION_EXPIRED_FLAGS.includes(f));
    const unset = live.filter((f) => !(f in context));

    expect(live.length).toBeGreaterThan(100);
    expect(unset).toEqual([]);
  });
});
