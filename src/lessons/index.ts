/**
 * Lessons, scenarios and the quorum explorer: the public surface the UI uses.
 */
import { ensembleQuorum, leaderElection, whyZookeeper, writePath } from './zk/basics';
import { watches, znodesSessions } from './zk/data';
import { recipesElection, recipesLock } from './zk/recipes';
import { observers } from './zk/observers';
import { kafkaBrokers, kafkaController, kafkaDurability, kafkaFailover, kafkaGroups, kafkaOffsets, kafkaOnZk, kafkaSegments, kip500 } from './kafka/lessons';
import type { Lesson, Requirement } from './types';

export type * from './types';
export { LessonRunner, loadScenario, recordScenario, simConfigOf } from './runner';
export type { ActionOutcome, StepResult } from './runner';
export { SCENARIOS, scenarioById } from './scenarios';
export type { CheckedScenario, ScenarioCheck } from './scenarios';
export { ALL_QUIZ_KINDS, analyzeKafkaWrite, analyzeQuorum, generateQuorumQuiz, isQuorum, quorumSize, tolerates } from './quorum';
export type { Acks, KafkaWriteAnalysis, KafkaWriteInput, QuizKind, QuorumAnalysis, QuorumInput, QuorumQuestion, SideAnalysis } from './quorum';

/** In teaching order: ZooKeeper first, then Kafka on ZooKeeper. */
export const LESSONS: Lesson[] = [
  whyZookeeper,
  ensembleQuorum,
  leaderElection,
  writePath,
  observers,
  znodesSessions,
  watches,
  recipesElection,
  recipesLock,
  kafkaBrokers,
  kafkaController,
  kafkaFailover,
  kafkaDurability,
  kafkaGroups,
  kafkaOffsets,
  kafkaSegments,
  kafkaOnZk,
  kip500,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The lessons that can run with the parts available (e.g. hide Kafka lessons until the cluster exists). */
export function availableLessons(have: readonly Requirement[]): Lesson[] {
  return LESSONS.filter((l) => !l.requires || have.includes(l.requires));
}
