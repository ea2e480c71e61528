/**
 * The headless console: `npm run --silent console -- [--zk N] [--brokers M] [--seed S]`.
 * Reads commands from stdin, one per line, runs them on the same kernel in Node, prints the results
 * (stdout lines to stdout, error lines to stderr).
 */
import { createInterface } from 'node:readline';
import { Simulation } from '../sim/simulation';
import { createConsole } from './interpreter';
import './register';

interface CliOptions {
  zk: number;
  brokers: number;
  seed: number;
  pingers: number;
  zkcli: boolean;
}

function parseArgs(argv: string[]): CliOptions | string {
  const opts: CliOptions = { zk: 3, brokers: 0, seed: 1, pingers: 0, zkcli: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const num = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
    switch (flag) {
      case '--zk':
        if (!(num >= 0 && num <= 9)) return '--zk takes a number from 0 to 9';
        opts.zk = num;
        break;
      case '--brokers':
        if (!(num >= 0 && num <= 12)) return '--brokers takes a number from 0 to 12';
        opts.brokers = num;
        break;
      case '--seed':
        if (!(num >= 0 && num <= 0xffffffff)) return '--seed takes a whole number from 0 to 4294967295';
        opts.seed = num;
        break;
      case '--pingers':
        if (!(num >= 0 && num <= 64)) return '--pingers takes a number from 0 to 64';
        opts.pingers = num;
        break;
      case '--zkcli':
        opts.zkcli = true;
        continue;
      case '--help':
      case '-h':
        return 'usage: npm run --silent console -- [--zk N] [--brokers M] [--seed S] [--pingers P] [--zkcli]';
      default:
        return `unknown option ${flag ?? ''}`;
    }
    i++;
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (typeof opts === 'string') {
    process.stderr.write(opts + '\n');
    process.exitCode = 2;
    return;
  }
  const sim = new Simulation({
    seed: opts.seed,
    // zkCli is started once the ensemble is up (see zkcli.ts), as in the recorded transcripts
    zk: { servers: opts.zk, clientsAutoConnect: false },
    brokers: opts.brokers,
    pingers: opts.pingers,
  });
  const console = createConsole(sim, { settle: true, zkcli: opts.zkcli });
  const print = (r: ReturnType<typeof console.exec>): void => {
    for (const l of r.lines) (l.stream === 'out' ? process.stdout : process.stderr).write(l.text + '\n');
  };
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  print({ lines: console.drain() });
  for await (const line of rl) {
    const r = console.exec(line);
    print(r);
    if (r.quit) break;
  }
  rl.close();
  print({ lines: console.drain() });
}

main().catch((e: unknown) => {
  process.stderr.write(`fatal: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
