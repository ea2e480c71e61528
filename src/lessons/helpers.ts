/**
 * Small builders that keep the lesson data readable.
 */
import type { Action } from '../sim/actions';
import type { Json } from '../sim/kernel/types';
import * as P from './probe';
import type { Choice, ClientOutput, L10n, LessonCtx, Predicate, Question, StepAction } from './types';

export const t = (ko: string, en: string): L10n => ({ ko, en });

/** A console line at `at` ms into the step. */
export const cli = (at: number, line: string): StepAction => ({ at, console: line });

/** A kernel action at `at` ms into the step. */
export const act = (at: number, action: Action): StepAction => ({ at, action });

/**
 * A ZooKeeper client API call handed to a client node (like an application using the client library).
 * reqIds only need to be unique per client; lessons use numbers from 900000 up so they never collide with
 * the console's own (which start at 1).
 */
export function zkCall(client: string, reqId: number, request: Record<string, Json>): Action {
  return { type: 'inject', node: client, event: { type: 'zk.call', reqId, request } };
}

/**
 * Starts a client's session on `server` first (like a connect string that lists it first); if that server
 * fails later the client moves on to the others in `servers`, as the real client library does.
 */
export const connectTo = (client: string, server: string, reqId: number, servers: readonly string[] = ['zk1', 'zk2', 'zk3']): Action =>
  zkCall(client, reqId, { op: 'connect', server, servers: [...servers] });

export function choice(id: string, text: L10n, feedback: L10n): Choice {
  return { id, text, feedback };
}

export function question(id: string, prompt: L10n, choices: Choice[], correct: string[]): Question {
  return { id, prompt, choices, correct };
}

// ---- predicates ------------------------------------------------------------------------------------------

export const leaderServes: Predicate = ({ world }) => P.theLeader(world) !== undefined;

export const allServe =
  (k: number): Predicate =>
  ({ world }) =>
    P.ensembleServing(world, k);

export const leads =
  (id: string, epoch?: number): Predicate =>
  ({ world }) =>
    P.leads(world, id, epoch);

export const connected =
  (...clients: string[]): Predicate =>
  ({ world }) =>
    clients.every((c) => P.clientConnected(world, c));

export const connectedTo =
  (client: string, server: string): Predicate =>
  ({ world }) =>
    P.clientConnected(world, client) && P.clientServer(world, client) === server;

export const and =
  (...ps: Predicate[]): Predicate =>
  (ctx) =>
    ps.every((p) => p(ctx));

export const not =
  (p: Predicate): Predicate =>
  (ctx) =>
    !p(ctx);

export const nobodyServes: Predicate = ({ world }) => P.servingServers(world).length === 0;

export const existsZ =
  (path: string): Predicate =>
  ({ world }) =>
    P.exists(world, path);

export const dataIs =
  (path: string, value: string | null, server?: string): Predicate =>
  ({ world }) =>
    (server ? P.dataOn(world, server, path) : P.data(world, path)) === value;

export const printedLine =
  (text: string | RegExp, scope: 'step' | 'all' = 'step'): Predicate =>
  (ctx) =>
    P.printed(scope === 'step' ? ctx.output : ctx.allOutput, text);

export function outputsOf(ctx: LessonCtx, client: string): readonly ClientOutput[] {
  return ctx.clientOutputs[client] ?? [];
}

export const replied =
  (client: string, reqId: number, rc?: string): Predicate =>
  (ctx) =>
    outputsOf(ctx, client).some((o) => o.reqId === reqId && (rc === undefined || o.rc === rc));

export const gotEvent =
  (client: string, type: string, path?: string | null): Predicate =>
  (ctx) =>
    outputsOf(ctx, client).some((o) => o.event && o.event.type === type && (path === undefined || o.event.path === path));

export const gotState =
  (client: string, state: string): Predicate =>
  (ctx) =>
    outputsOf(ctx, client).some((o) => o.event && o.event.type === 'None' && o.event.state === state);

/** How many times the console printed a watch event of this type (and path). */
export function consoleEvents(ctx: LessonCtx, type: string, path: string): number {
  const line = `WatchedEvent state:SyncConnected type:${type} path:${path}`;
  return ctx.allOutput.filter((l) => l.text === line).length;
}
