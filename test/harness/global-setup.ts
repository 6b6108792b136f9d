/**
 * Starts one standalone server and one 3-master cluster for the whole run and
 * hands their ports to the tests through vitest's `provide`/`inject`. Tests that
 * kill or restart servers start their own with `startRedisServer`.
 */
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
  const [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
  project.provide('redisPort', server.port);
  project.provide('clusterPorts', [...cluster.ports]);
  return async () => {
    await Promise.all([server.stop(), cluster.stop()]);
  };
}
