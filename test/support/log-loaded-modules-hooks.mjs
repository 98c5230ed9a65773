// Module resolution hooks for log-loaded-modules.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.POLICYMARK_LOADED_LOG) appendFileSync(process.env.POLICYMARK_LOADED_LOG, `${result.url}\n`);
  return result;
}
