// The CLI's exit codes: 0 ok, 1 usage, 2 the engine refused the input or failed.

export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_FAILED = 2;
