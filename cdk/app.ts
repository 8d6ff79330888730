// `npx cdk synth|deploy -c config=cdk/config.<name>.json` (cdk.json runs this with tsx on Node 24).
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from './config';
import { functionManifest } from './functions';
import { AwsSolutionsChecks } from './nag';
import { createStacks } from './stacks';

const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

// aws-cdk-lib writes `Bundling asset <path>...` to stderr for every function it bundles, with no switch
// to turn it off; drop those lines so that `cdk synth --quiet` prints errors only (esbuild's summary is
// off in cdk/constructs/handler-function.ts). FANPIN_CDK_VERBOSE=1 keeps them.
if (!process.env.FANPIN_CDK_VERBOSE) {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    typeof chunk === 'string' && /^Bundling asset \S+\.\.\.\n$/.test(chunk)
      ? true
      : write(chunk, ...rest)) as typeof process.stderr.write;
}

const app = new App();
try {
  createStacks(app, loadConfig(app.node), {
    manifest: functionManifest,
    functionsDir: `${projectRoot}/functions`,
    projectRoot,
  });
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
