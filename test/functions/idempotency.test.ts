import { apiTestDeps } from '../http/support';
import { idempotencyContract } from '../support/idempotency-contract';

idempotencyContract('memory twin', async () => apiTestDeps().deps);
