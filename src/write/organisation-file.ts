import { writeFileAtomic } from './atomic-write.js';

/**
 * Replaces an organisation file with its edited text (`policymark import`), atomically: a reader, an
 * editor or a build running meanwhile sees the old file or the new one, never a part of either.
 */
export async function writeOrganisationFile(target: string, text: string): Promise<void> {
  await writeFileAtomic(target, text);
}
