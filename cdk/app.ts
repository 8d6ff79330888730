// `npx cdk synth|deploy -c config=cdk/config.<name>.json` (cdk.json runs this with tsx on Node 24).
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from './config';
import { functionManifest } from './functions';
import { AwsSolutionsChecks } from './nag';
import { createStacks } from './stacks';

const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

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
