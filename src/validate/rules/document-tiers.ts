import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { positionOf } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/**
 * The two tiers hold together: every standard and procedure names the policy it implements, only they
 * do, and what a manifest names in `implements` or `governedBy` is a policy of the library (not itself).
 */
export function checkDocumentTiers(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of context.policies.values()) {
    const { manifest } = entry;
    const howTo = manifest.tier === 'standard' || manifest.tier === 'procedure';
    if (howTo && manifest.implements === undefined) {
      diagnostics.push(
        diagnostic('policy/missing-implements', entry.file, positionOf(entry.source, ['tier']), `The ${manifest.tier} "${manifest.id}" does not name the policy it implements.`, {
          hint: 'Add `implements: <policy id>`, e.g. `implements: incident-management`.',
        }),
      );
    }
    if (!howTo && manifest.implements !== undefined) {
      diagnostics.push(
        diagnostic('policy/misplaced-implements', entry.file, positionOf(entry.source, ['implements'], { key: true }), `"${manifest.id}" is a ${manifest.tier}, so it implements no other policy.`, {
          hint: 'Set `tier: procedure` or `tier: standard`, or remove `implements:`.',
        }),
      );
    }
    for (const field of ['implements', 'governedBy'] as const) {
      const target = manifest[field];
      if (target === undefined) continue;
      const other = context.policies.get(target);
      if (other && other.manifest.tier === 'policy' && target !== manifest.id) continue;
      const why = !other ? 'does not exist' : target === manifest.id ? 'is this document itself' : `is a ${other.manifest.tier}, not a policy`;
      diagnostics.push(
        diagnostic('policy/unknown-related', entry.file, positionOf(entry.source, [field]), `\`${field}: ${target}\` names a document that ${why}.`, {
          hint: `Name a policy of the library: ${[...context.policies.values()].filter((p) => p.manifest.tier === 'policy' && p.manifest.id !== manifest.id).map((p) => p.manifest.id).join(', ')}.`,
        }),
      );
    }
  }
  return diagnostics;
}
