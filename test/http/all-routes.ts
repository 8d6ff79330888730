// Every API route behind one handler (tests only): the same bindings the functions/api-*.ts handlers use.
import { apiHandler } from '../../lib/http/api-handler';
import type { ApiDeps } from '../../lib/http/deps';
import {
  alertEndpoints,
  caseReadEndpoints,
  caseWriteEndpoints,
  householdReadEndpoints,
  householdWriteEndpoints,
  metaEndpoints,
  reportReadEndpoints,
  reportWriteEndpoints,
  unitEndpoints,
} from '../../lib/http/endpoints';

export function allRoutes(deps: ApiDeps) {
  return apiHandler(
    [
      ...metaEndpoints(),
      ...unitEndpoints(deps),
      ...householdReadEndpoints(deps),
      ...householdWriteEndpoints(deps),
      ...caseReadEndpoints(deps),
      ...caseWriteEndpoints(deps),
      ...reportReadEndpoints(deps),
      ...reportWriteEndpoints(deps),
      ...alertEndpoints(deps),
    ],
    { logger: deps.logger },
  );
}
