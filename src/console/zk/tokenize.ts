/**
 * zkCli line splitting (ZooKeeperMain.MyCommandOptions.parseCommand) and a faithful emulation of the
 * commons-cli DefaultParser the 3.8 commands use (including its exact exception texts).
 */

/**
 * ARGS_PATTERN `\s*([^"']\S*|"[^"]*"|'[^']*')\s*` with QUOTED_PATTERN stripping: `"a b"` and `'a b'` keep
 * their spaces and lose the quotes, `""` is an empty argument, an unterminated quote is skipped.
 * Java's \s is [ \t\n\x0B\f\r].
 */
export function tokenize(line: string): string[] {
  const ws = ' \\t\\n\\v\\f\\r';
  const re = new RegExp(`[${ws}]*([^"'][^${ws}]*|"[^"]*"|'[^']*')[${ws}]*`, 'g');
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    let v = m[1] ?? '';
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1);
    out.push(v);
  }
  return out;
}

export interface OptionSpec {
  /** Short option name → takes an argument. */
  [name: string]: boolean;
}

export interface ParsedOptions {
  /** Option name → its first value ('' for options without an argument). */
  options: Record<string, string>;
  /** Non-option arguments, the command name first (like CommandLine.getArgs()). */
  args: string[];
}

export type OptionParseResult = { ok: true; parsed: ParsedOptions } | { ok: false; error: string };

class CliParseError extends Error {}

function isNegativeNumber(token: string): boolean {
  // Double.parseDouble accepts a leading sign, digits, '.', exponents, and also NaN / Infinity.
  return /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/.test(token.trim());
}

/** commons-cli 1.4 DefaultParser.parse(options, args) with stopAtNonOption = false. */
export function parseOptions(spec: OptionSpec, argv: readonly string[]): OptionParseResult {
  const has = (o: string): boolean => Object.prototype.hasOwnProperty.call(spec, o);
  const options: Record<string, string> = {};
  const valueSet = new Set<string>();
  const args: string[] = [];
  // A mutable holder, so that closures and the loop see the same current option.
  const st: { current: { name: string; value: string | null } | null; skipParsing: boolean } = { current: null, skipParsing: false };

  const unrecognized = (token: string): never => {
    throw new CliParseError('org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: ' + token);
  };
  const checkRequiredArgs = (): void => {
    if (st.current && st.current.value === null) {
      throw new CliParseError('org.apache.commons.cli.MissingArgumentException: Missing argument for option: ' + st.current.name);
    }
  };
  const handleOption = (name: string): void => {
    checkRequiredArgs();
    if (!Object.prototype.hasOwnProperty.call(options, name)) options[name] = '';
    st.current = spec[name] ? { name, value: null } : null;
  };
  const addValue = (value: string): void => {
    const cur = st.current;
    if (!cur) return;
    cur.value = value;
    // getOptionValue returns the first value given for the option
    if (!valueSet.has(cur.name)) {
      options[cur.name] = value;
      valueSet.add(cur.name);
    }
    st.current = null;
  };
  const handleUnknownToken = (token: string): void => {
    if (token.startsWith('-') && token.length > 1) unrecognized(token);
    args.push(token);
  };
  const isShortOption = (token: string): boolean => {
    if (!token.startsWith('-') || token.length === 1) return false;
    const pos = token.indexOf('=');
    const optName = pos === -1 ? token.slice(1) : token.slice(1, pos);
    if (has(optName)) return true;
    return optName.length > 0 && has(optName.charAt(0));
  };
  const isArgument = (token: string): boolean => !isShortOption(token) || isNegativeNumber(token);
  const handleConcatenated = (token: string): void => {
    for (let i = 1; i < token.length; i++) {
      const ch = token.charAt(i);
      if (!has(ch)) {
        handleUnknownToken(token);
        break;
      }
      handleOption(ch);
      if (st.current && token.length !== i + 1) {
        addValue(token.slice(i + 1));
        break;
      }
    }
  };
  const handleShortAndLong = (token: string): void => {
    const t = token.startsWith('--') ? token.slice(2) : token.slice(1);
    const pos = t.indexOf('=');
    if (t.length === 1) {
      if (has(t)) handleOption(t);
      else handleUnknownToken(token);
    } else if (pos === -1) {
      if (has(t)) handleOption(t);
      else handleConcatenated(token);
    } else {
      const opt = t.slice(0, pos);
      const value = t.slice(pos + 1);
      if (opt.length === 1 && has(opt) && spec[opt]) {
        handleOption(opt);
        addValue(value);
      } else {
        handleUnknownToken(token);
      }
    }
  };

  try {
    for (const token of argv) {
      if (st.skipParsing) args.push(token);
      else if (token === '--') st.skipParsing = true;
      else if (st.current !== null && isArgument(token)) addValue(stripQuotes(token));
      else if (token.startsWith('--')) handleUnknownToken(token);
      else if (token.startsWith('-') && token !== '-') handleShortAndLong(token);
      else handleUnknownToken(token);
    }
    checkRequiredArgs();
  } catch (e) {
    if (e instanceof CliParseError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, parsed: { options, args } };
}

/** commons-cli Util.stripLeadingAndTrailingQuotes. */
function stripQuotes(s: string): string {
  if (s.length > 1 && s.startsWith('"') && s.endsWith('"') && !s.slice(1, -1).includes('"')) return s.slice(1, -1);
  return s;
}

/** Java Integer.parseInt: null when it would throw NumberFormatException. */
export function parseJavaInt(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

/** Java Long.parseLong: null when it would throw (precision beyond 2^53 is not kept). */
export function parseJavaLong(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const b = BigInt(s);
  if (b < -(1n << 63n) || b >= 1n << 63n) return null;
  return Number(b);
}
