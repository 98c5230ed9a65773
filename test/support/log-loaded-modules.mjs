// Loaded with `node --import`: records the URL of every module the process resolves in the file named
// by POLICYMARK_LOADED_LOG, one per line, so a test can see which libraries a command loaded.
import { register } from 'node:module';

register(new URL('./log-loaded-modules-hooks.mjs', import.meta.url));
