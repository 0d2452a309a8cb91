#!/usr/bin/env node
// The compiled command (`npm run build` writes dist/); no TypeScript loader at run time.
await import('../dist/main.js');
