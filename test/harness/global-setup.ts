/**
 * Starts one standalone server and one 3-master cluster for the whole run and
 * hands their ports to the tests through vitest's `provide`/`inject`. Tests that
 * kill or restart servers start their own with `startRedisServer`.
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startRedisCluster } from './redis-cluster.js';
import { startRedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisPort: number;
    clusterPorts: number[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    execFileSync('redis-server', ['--version']);
    execFileSync('redis-cli', ['--version']);
  } catch {
    throw new Error(
      'The tests start their own Redis servers and need redis-server and redis-cli on PATH: apt-get install -y redis-server (.ci/run does this)',
    );
  }
  const [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
  project.provide('redisPort', server.port);
  project.provide('clusterPorts', [...cluster.ports]);
  return async () => {
    await Promise.all([server.stop(), cluster.stop()]);
  };
}
