import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/project.js';

/**
 * Swedish as a first language: a Swedish module prints the same organisation values as its English
 * twin, so a client who changes a title, a tool or a name sees the change in both languages.
 *
 * One difference is allowed, and only one: a role may be printed through any of its fields. Swedish
 * running text needs a title in its definite form ("informationssäkerhetschefen"), which the
 * organisation file does not give, so the Swedish modules name the holder with the title in brackets
 * ("{{org.roles.ciso.name}} ({{org.roles.ciso.title}})") or use the role's running-text name
 * (`org.responsibilities.roles.<role>.inText`) where the English says "the {{org.roles.ciso.title}}".
 * Both count as a reference to the role; the set of roles, like every other value, must be equal.
 */
const SECTIONS = path.join(REPO_ROOT, 'policy-modules/sections');

function references(text: string): Set<string> {
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  const found = new Set<string>();
  for (const [, expression] of body.matchAll(/\{\{\s*(?:[#^]\w+\s+)?([A-Za-z][\w.]*)\s*\}\}/g)) {
    if (expression === 'else') continue;
    found.add(expression!
      .replace(/^org\.(?:responsibilities\.)?roles\.(\w+)\.\w+$/, 'role:$1')
      .replace(/^policy\.(owner|approver)\.\w+$/, 'policy.$1'));
  }
  return found;
}

/** Titles of the example organisation's people in Swedish, as a Swedish module might type them by hand. */
const TYPED_TITLES = /\b(informationssäkerhetschef(en)?|teknikchef(en)?|driftchef(en)? IT|HR-chef(en)?|HR-funktionen|kommunikationschef(en)?|kommunikationsansvarig|ekonomichef(en)?|verkställande direktör(en)?)\b/iu;

const pairs = readdirSync(SECTIONS).filter((name) => name.endsWith('.sv.md')).sort();

describe('Swedish modules use the organisation values of their English twins', () => {
  it('finds the library', () => expect(pairs.length).toBeGreaterThanOrEqual(84));

  for (const name of pairs) {
    it(name, () => {
      const swedish = readFileSync(path.join(SECTIONS, name), 'utf8');
      const english = readFileSync(path.join(SECTIONS, name.replace(/\.sv\.md$/, '.md')), 'utf8');
      expect([...references(swedish)].sort()).toEqual([...references(english)].sort());
      // No role title of the organisation typed into the Swedish text (the values themselves are stripped).
      const typed = swedish.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\{\{[^}]*\}\}/g, ' ').match(TYPED_TITLES);
      expect(typed?.[0]).toBeUndefined();
    });
  }
});
