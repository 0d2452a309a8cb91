#!/usr/bin/env node
// The command is TypeScript run as is: tsx's loader is registered for this process, then the entry runs.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
