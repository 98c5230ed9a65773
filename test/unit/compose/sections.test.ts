import { describe, expect, it } from 'vitest';
import { composeModel, policyManifest, sectionModule } from '../../support/compose-fixture.js';
import { blockText, outline, sectionNumbered } from '../../support/model-query.js';

/** A policy `p` of the given modules, composed in English. */
function composeModules(...modules: { id: string; title: string; body: string }[]) {
  return composeModel(
    Object.assign({}, ...modules.map((m) => sectionModule(m)), policyManifest('p', modules.map((m) => m.id))),
    { policy: 'p' },
  );
}

describe('composeDocument: sections', () => {
  it('numbers modules as level-1 sections and their ## and ### headings below them, each block in its section', async () => {
    const model = await composeModules(
      { id: 'alpha', title: 'Alpha', body: 'Alpha intro.\n\n## First\n\nIn first.\n\n### Deep\n\nIn deep.\n\n## Second\n\nIn second.\n' },
      { id: 'beta', title: 'Beta', body: '## Only\n\nIn only.\n' },
    );
    expect(outline(model)).toEqual([
      '1 Alpha [level 1, alpha]',
      '1.1 First [level 2, alpha/first]',
      '1.1.1 Deep [level 3, alpha/deep]',
      '1.2 Second [level 2, alpha/second]',
      '2 Beta [level 1, beta]',
      '2.1 Only [level 2, beta/only]',
    ]);
    expect(blockText(sectionNumbered(model, '1').blocks)).toEqual(['Alpha intro.']);
    expect(blockText(sectionNumbered(model, '1.1').blocks)).toEqual(['In first.']);
    expect(blockText(sectionNumbered(model, '1.1.1').blocks)).toEqual(['In deep.']);
    expect(blockText(sectionNumbered(model, '1.2').blocks)).toEqual(['In second.']);
    expect(sectionNumbered(model, '2').blocks).toEqual([]);
    // Kind and controls belong to the module's section only; every section names its module.
    expect(sectionNumbered(model, '1')).toMatchObject({ kind: 'other', module: 'alpha' });
    expect(sectionNumbered(model, '1.1')).not.toHaveProperty('kind');
    expect(sectionNumbered(model, '2.1').module).toBe('beta');
  });

  it('gives equal headings unique ids, counting across the whole module, and slugs any text', async () => {
    const model = await composeModules({
      id: 'alpha',
      title: 'Alpha',
      body: '## Scope\n\n## Scope!\n\n### Notes\n\n## Other\n\n### Notes\n\n## Åtgärder för Ärenden\n\n## ???\n\n## ???\n',
    });
    expect(outline(model)).toEqual([
      '1 Alpha [level 1, alpha]',
      '1.1 Scope [level 2, alpha/scope]',
      '1.2 Scope! [level 2, alpha/scope-2]',
      '1.2.1 Notes [level 3, alpha/notes]',
      '1.3 Other [level 2, alpha/other]',
      '1.3.1 Notes [level 3, alpha/notes-2]',
      '1.4 Åtgärder för Ärenden [level 2, alpha/atgarder-for-arenden]',
      '1.5 ??? [level 2, alpha/section]',
      '1.6 ??? [level 2, alpha/section-2]',
    ]);
  });

  it('does not share heading ids between modules: the module id keeps them apart', async () => {
    const model = await composeModules({ id: 'alpha', title: 'Alpha', body: '## Scope\n' }, { id: 'beta', title: 'Beta', body: '## Scope\n' });
    expect(outline(model)).toEqual(['1 Alpha [level 1, alpha]', '1.1 Scope [level 2, alpha/scope]', '2 Beta [level 1, beta]', '2.1 Scope [level 2, beta/scope]']);
  });

  it('nests a heading that skips levels under the deepest open section, one level down', async () => {
    const model = await composeModules(
      { id: 'alpha', title: 'Alpha', body: '### Starts at three\n\ntext\n\n## Two\n\n#### Four under two\n\n### Three after four\n\n###### Six\n' },
    );
    expect(outline(model)).toEqual([
      '1 Alpha [level 1, alpha]',
      // A body may start below `##`: its first heading is still level 2.
      '1.1 Starts at three [level 2, alpha/starts-at-three]',
      '1.2 Two [level 2, alpha/two]',
      '1.2.1 Four under two [level 3, alpha/four-under-two]',
      // `###` closes the `####` (level 3 in the model) and becomes its sibling.
      '1.2.2 Three after four [level 3, alpha/three-after-four]',
      '1.2.2.1 Six [level 4, alpha/six]',
    ]);
  });

  it('pins how two headings of a skipped depth in a row nest today (the second under the first; see the report)', async () => {
    // `## A` then `#### B` makes B level 3, and a second `#### C` compares its depth 4 with B's model
    // level 3, so C nests under B instead of following it. Pinned so that a refactor keeps the output
    // byte-identical; a fix changes this expectation on purpose.
    const model = await composeModules({ id: 'alpha', title: 'Alpha', body: '## A\n\n#### B\n\n#### C\n' });
    expect(outline(model)).toEqual([
      '1 Alpha [level 1, alpha]',
      '1.1 A [level 2, alpha/a]',
      '1.1.1 B [level 3, alpha/b]',
      '1.1.1.1 C [level 4, alpha/c]',
    ]);
  });

  it('numbers the sections of a policy in manifest order, not in file order', async () => {
    const model = await composeModel(
      {
        ...sectionModule({ id: 'zulu', title: 'Zulu', body: 'z\n' }),
        ...sectionModule({ id: 'alpha', title: 'Alpha', body: 'a\n' }),
        ...policyManifest('p', ['zulu', 'alpha']),
      },
      { policy: 'p' },
    );
    expect(outline(model)).toEqual(['1 Zulu [level 1, zulu]', '2 Alpha [level 1, alpha]']);
  });
});
