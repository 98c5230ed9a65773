import { allSourceFiles, type ProjectSources } from '../load/load-project.js';
import { sha256 } from '../source/source-file.js';
import type { OutputState } from '../write/build-stamp.js';

/** The identity of a build: where its stamp lives and the hash of everything it reads. */
export interface StampKey {
  /** The stamp's name, one per organisation file and set of options. */
  readonly name: string;
  /** Hash of every input file, the logo, the options and the tool version. */
  readonly inputs: string;
}

/** The stamp key of a build. Pure: the sources were read, the logo with its checks, by load. */
export function stampKey(sources: ProjectSources, settings: unknown, toolVersion: string): StampKey {
  const files = allSourceFiles(sources).map((file) => [file.path, file.sha256]);
  const identity = stampIdentity(sources.organisation.path, settings);
  const inputs = sha256(JSON.stringify({ tool: toolVersion, settings: identity, files, logo: sources.logo?.sha256 ?? null }));
  return { name: stampName(sources.organisation.path, settings), inputs };
}

/**
 * The stamp's name alone: it depends on the organisation file's path and the options, not on any
 * content, so a build can read its last stamp before it reads the project.
 */
export function stampName(organisationPath: string, settings: unknown): string {
  return sha256(stampIdentity(organisationPath, settings)).slice(0, 24);
}

function stampIdentity(organisationPath: string, settings: unknown): string {
  return JSON.stringify({ organisation: organisationPath, options: settings });
}

/**
 * Whether a build has nothing to do: the last build of the same options read the same inputs, and
 * everything it wrote is still on disk unchanged. Any difference, including an output deleted or edited
 * by hand, means a full build.
 */
export function isUpToDate(key: StampKey, state: OutputState): boolean {
  return state.intact && state.stamp?.inputs === key.inputs;
}
