/**
 * Whether the Kafka cluster and its console tools are registered in this build (the Kafka lessons and
 * scenarios need them). Used by the lesson and scenario tests to run or skip the Kafka ones.
 */
import { createConsole } from '../console/interpreter';
import { Simulation } from '../sim/simulation';

export async function kafkaAvailable(): Promise<boolean> {
  const path = '../sim/kafka/register';
  try {
    await import(/* @vite-ignore */ path);
  } catch {
    return false;
  }
  // the lessons drive the Kafka console tools of issue 4
  const sim = new Simulation({ seed: 1, zk: { servers: 1, clients: 0 }, brokers: 1 });
  return createConsole(sim).commands().includes('kafka-topics.sh');
}
