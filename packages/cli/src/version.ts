// The CLI's version, printed by `tributary --version` (a test keeps it equal to package.json's).
export const CLI_VERSION = "0.1.0";
