/**
 * `npm run generate`: assembles every bundled Lua script (build/lua/) into one
 * TypeScript module per `lua/` folder, and writes the package version module.
 * `npm run generate -- --check` writes nothing and fails when a generated file is
 * missing, stale or orphaned (CI runs it).
 */
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFiles, isCurrent, orphanedModules, writeStale } from './lua/generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

try {
  const files = await generateFiles(root);
  const orphans = orphanedModules(root, files);
  const name = (path: string): string => relative(root, path);
  if (check) {
    const problems = [
      ...files.filter((file) => !isCurrent(file)).map((file) => `stale: ${name(file.path)}`),
      ...orphans.map((path) => `orphaned (no scripts beside it): ${name(path)}`),
    ];
    if (problems.length > 0) {
      console.error(`${problems.join('\n')}\nRun \`npm run generate\` and commit the result.`);
      process.exitCode = 1;
    } else {
      console.log(`generated files are current (${String(files.length)})`);
    }
  } else {
    const written = writeStale(files);
    for (const path of written) console.log(`wrote ${name(path)}`);
    for (const path of orphans) {
      rmSync(path);
      console.log(`removed ${name(path)}`);
    }
    if (written.length + orphans.length === 0) console.log('generated files were current');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
