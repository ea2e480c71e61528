/**
 * Internal: the KeeperException a check throws inside prepRequest / applyTxn. Never stored in state;
 * the public functions turn it into an ErrorCode.
 */
import type { ErrorCode } from './types';

export class KeeperError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, path?: string) {
    super(path ? `${code} for ${path}` : code);
    this.code = code;
    this.path = path;
  }
}
