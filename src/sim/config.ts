/**
 * The configuration of a run: what exists in the world before any user action. Validated with zod so
 * that imported files and shared links can never build a world the app cannot handle.
 */
import { z } from 'zod';

export const SimConfigSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  zk: z
    .object({
      servers: z.number().int().min(0).max(9),
      observers: z.number().int().min(0).max(8).default(0),
      tickTime: z.number().int().min(100).max(60_000).default(2000),
      initLimit: z.number().int().min(1).max(100).default(10),
      syncLimit: z.number().int().min(1).max(100).default(5),
      clients: z.number().int().min(0).max(20).default(1),
      /** Clients start connecting with the world (true), or wait to be told (`connect`), like starting zkCli later. */
      clientsAutoConnect: z.boolean().default(true),
      extendedTypesEnabled: z.boolean().default(false),
    })
    .default({
      servers: 3,
      observers: 0,
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      clients: 1,
      clientsAutoConnect: true,
      extendedTypesEnabled: false,
    }),
  brokers: z.number().int().min(0).max(12).default(0),
  /** Demo ping-pong nodes (used for kernel tests and the benchmark). */
  pingers: z.number().int().min(0).max(64).default(0),
  network: z
    .object({
      meanMs: z.number().min(0).max(10_000).default(1),
      sdMs: z.number().min(0).max(10_000).default(0.25),
    })
    .default({ meanMs: 1, sdMs: 0.25 }),
  /** Simulated ms between whole-world checkpoints (time travel). */
  checkpointEveryMs: z.number().int().min(100).max(600_000).default(5000),
});

export type SimConfig = z.infer<typeof SimConfigSchema>;
export type SimConfigInput = z.input<typeof SimConfigSchema>;

export function makeConfig(input: SimConfigInput): SimConfig {
  return SimConfigSchema.parse(input);
}
