// Without zod, so that the command line can check a --version flag without loading the schema library.

/** Semantic version without pre-release or build metadata: releases are final. */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
