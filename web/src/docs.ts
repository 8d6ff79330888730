// The API's documentation page (/docs, ADR 0020): Swagger UI, bundled from the swagger-ui-dist package
// by web/build.ts (no CDN), renders /v1/openapi.json of the same origin: every route with its
// parameters, schemas, example answers and the Chinese descriptions beside the English. Everything it
// loads comes from its own origin, so it runs under the web app's Content-Security-Policy unchanged.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';

SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#docs',
  // No call to the public validator (validator.swagger.io): nothing leaves the origin.
  validatorUrl: null,
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  // A bearer token entered under "Authorize" lasts until the tab closes, never in storage.
  persistAuthorization: false,
});
