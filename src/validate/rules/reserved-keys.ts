import { isMap, isScalar, visit } from 'yaml';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { yamlTree, type YamlSource } from '../../source/yaml-source.js';
import type { RuleContext } from '../project.js';

/** Keys that name an object's prototype in JavaScript: a mapping can never hold them as data. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/**
 * A key such as `__proto__` (a free variable, a tailored policy) would be dropped without a word
 * while the file is read into objects, so it is found in the YAML itself, where it is written.
 */
export function checkReservedKeys(context: RuleContext): Diagnostic[] {
  return reservedKeysIn(context.organisationSource);
}

function reservedKeysIn(source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // A key is written out, or spelt with escapes in quotes: without either, there is none to find, and
  // the tree (parsed again for a file read back from the cache) is not needed.
  if (![...RESERVED_KEYS].some((key) => source.text.includes(key)) && !source.text.includes('\\')) return diagnostics;
  const { document, lineCounter } = yamlTree(source);
  visit(document, {
    Map(_, map) {
      if (!isMap(map)) return;
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !RESERVED_KEYS.has(String(pair.key.value)) || !pair.key.range) continue;
        const at = lineCounter.linePos(pair.key.range[0]);
        diagnostics.push(
          diagnostic('organisation/reserved-key', source.file, { line: at.line + source.lineOffset, column: at.col }, `The key "${String(pair.key.value)}" is reserved by JavaScript and cannot hold a value, so this entry would be lost.`, {
            hint: 'Rename the key, e.g. "proto".',
          }),
        );
      }
    },
  });
  return diagnostics;
}
