/**
 * The import map of policymark, enforced by `npm test` (test/unit/architecture): which folder of src/
 * may import which. Layers, top to bottom; a folder may import its own layer's files only where a rule
 * below allows it, and any lower layer:
 *
 *   cli                                  argument parsing, printing; one pipeline call per command
 *   pipeline                             the stages chained; the only place that knows them all
 *   load  validate  compose  render  write  oscal  library   the stages (oscal: the OSCAL exports;
 *                                        library: library versions and the three-way upgrade)
 *   coverage  diff  register  catalog  template      pure computations the stages share
 *   model  schema  source  i18n  release the data types and their plain helpers (release: seal, semver)
 *   diagnostics                          the Diagnostic type and its code catalogue
 *
 * Besides the layers: no cycles; only load/ reads and only write/ writes the file system; renderers are
 * leaf adapters (one format never imports another; render/table-columns/ is shared by all formats).
 */
const LAYERS = [
  ['diagnostics'],
  ['model', 'schema', 'source', 'i18n', 'release'],
  ['coverage', 'diff', 'register', 'catalog', 'template'],
  ['load', 'validate', 'compose', 'render', 'write', 'oscal', 'library'],
  ['pipeline'],
  ['cli'],
];
const rank = new Map(LAYERS.flatMap((layer, index) => layer.map((folder) => [folder, index])));
const above = (folder) => [...rank].filter(([, r]) => r > rank.get(folder)).map(([f]) => f);
const group = (folders) => `^src/(${folders.join('|')})/`;

/** Imports between folders of one layer that the pipeline order makes legitimate (types of an earlier stage's output). */
const SAME_LAYER = {
  validate: ['load'],
  compose: ['validate'],
  coverage: ['catalog'],
  diff: [],
  register: [],
  release: ['schema'],
  catalog: [],
  template: [],
  model: ['schema', 'i18n'],
  schema: [],
  source: [],
  i18n: ['schema'],
  load: ['source'],
  render: [],
  write: [],
  oscal: ['validate'],
  library: ['load', 'validate'],
};

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'Import cycles make the stages impossible to read or test one at a time.',
    from: { path: '^src/' },
    to: { circular: true },
  },
  ...[...rank.keys()].map((folder) => ({
    name: `layer-${folder}`,
    severity: 'error',
    comment: `${folder}/ may import only lower layers (see the map at the top of this file).`,
    from: { path: `^src/${folder}/` },
    to: {
      path: group([...above(folder), ...LAYERS[rank.get(folder)].filter((f) => f !== folder && !(SAME_LAYER[folder] ?? []).includes(f))]),
    },
  })),
  {
    name: 'renderers-are-leaves',
    severity: 'error',
    comment: 'A renderer of one format never imports another format; every format may use the format-neutral pagination in render/page-layout/ and column widths in render/table-columns/ (which import no format).',
    from: { path: '^src/render/([^/]+)/' },
    to: { path: '^src/render/([^/]+)/', pathNot: '^src/render/($1|page-layout|table-columns)/' },
  },
  {
    name: 'only-load-reads-only-write-writes',
    severity: 'error',
    comment: 'Only load/ reads and only write/ writes the file system; every other stage is pure.',
    from: { path: '^src/', pathNot: '^src/(load|write)/' },
    to: { path: '^(node:)?fs(/promises)?$' },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
