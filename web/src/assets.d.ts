declare module '*.css';
// swagger-ui-dist ships no types; /docs (web/src/docs.ts) calls only its constructor.
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const SwaggerUIBundle: (options: Record<string, unknown>) => unknown;
  export default SwaggerUIBundle;
}
