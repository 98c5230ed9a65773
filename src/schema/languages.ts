// Without zod, so that the command line can check a --lang flag without loading the schema library.

/** Languages policymark has fixed labels for. */
export const LANGUAGES = ['en', 'sv'] as const;
