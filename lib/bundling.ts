import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled: the CDK stack passes the same settings to NodejsFunction and
 * the ingest benchmark measures bundles built with them. The AWS SDK v3 ships with the
 * nodejs22.x runtime, so it stays external.
 */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node22',
  minify: true,
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
} as const satisfies BuildOptions;
