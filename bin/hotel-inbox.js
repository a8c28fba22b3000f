#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx hotel-inbox …` needs no build step.
import { register } from 'tsx/esm/api';

// Lambda runs Node 22; the SDK's notice that it will leave Node 20 is not news to a local user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../local/cli/main.ts');
