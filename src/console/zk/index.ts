/**
 * zkCli.sh 3.8 text layer: command parsing (`parseZkCliCommand`), output formatting (`formatStat`,
 * `formatZkError`, …) and a pure step machine that runs commands against any client (`executeZkCliLine`,
 * `startZkCliCommand`, `resumeZkCliCommand`).
 */
export * from './format';
export * from './tokenize';
export * from './commands';
export * from './runner';
export * from './localzk';
