export { build, composeAll, FORMATS, type BuildOptions, type BuildResult, type Format } from './pipeline/build.js';
export { composeDocument, WORKING_DRAFT, type ComposeRequest, type VersionContext } from './compose/compose-document.js';
export { validateProject } from './validate/validate-project.js';
export { loadProjectSources, type ProjectLocation, type ProjectSources } from './load/load-project.js';
export { renderMarkdown } from './render/markdown/render-markdown.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export type * from './model/document.js';
export { OrganisationSchema, type Organisation } from './schema/organisation.js';
export { main } from './cli/main.js';
