/** View models for the UI (built in the worker): see types.ts for the shapes. */
export * from './types';
export * from './zk';
export * from './timeline';
export * from './kafka';
export * from './kafkaGroups';
