/**
 * Type-checks markdown code blocks against the built package, as a user's
 * project would see it: `import … from 'flash-sale'` resolves to the package's
 * exports and .d.ts files, not to the sources.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeBlock } from './markdown-blocks.js';
import { ensureBuilt, ROOT } from './built-package.js';

/** A compile error, placed at its markdown line. */
export interface BlockError {
  /** `README.md:57`, or `README.md:40 (prelude)` for an error in a block's prelude. */
  readonly where: string;
  readonly message: string;
}

/** Where each line of a generated module came from. */
type Origin = string;

interface Module {
  lines: string[];
  origins: Origin[];
}

/** Joins blocks into modules: one per block, or appended to the previous one with ts-continues. */
function modulesOf(blocks: readonly CodeBlock[]): Module[] {
  const modules: Module[] = [];
  let previous: { file: string; module: Module } | undefined;
  for (const block of blocks) {
    if (block.skip !== null) continue;
    const module =
      block.continues && previous?.file === block.file
        ? previous.module
        : { lines: [], origins: [] };
    if (module !== previous?.module) modules.push(module);
    for (const line of block.prelude === '' ? [] : block.prelude.split('\n')) {
      module.lines.push(line);
      module.origins.push(`${block.file}:${String(block.line - 1)} (prelude)`);
    }
    block.code.split('\n').forEach((line, offset) => {
      module.lines.push(line);
      module.origins.push(`${block.file}:${String(block.line + offset)}`);
    });
    previous = { file: block.file, module };
  }
  return modules;
}

const COMPILER_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  types: ['node'],
  noEmit: true,
  skipLibCheck: true,
};

/** A scratch project inside the repository (so its other dependencies resolve) with the package installed. */
function scratchProject(): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'docs-'));
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  const installed = join(dir, 'node_modules', 'flash-sale');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(installed, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  for (const shipped of ['dist', 'redlock', 'testing']) {
    symlinkSync(join(ROOT, shipped), join(installed, shipped));
  }
  return dir;
}

/** Compiles every block that is not skipped; answers the errors by markdown line. */
export function typeCheckBlocks(blocks: readonly CodeBlock[]): BlockError[] {
  ensureBuilt();
  const modules = modulesOf(blocks);
  const dir = scratchProject();
  try {
    mkdirSync(join(dir, 'blocks'));
    modules.forEach((module, index) => {
      const text = `${module.lines.join('\n')}\nexport {};\n`;
      writeFileSync(join(dir, 'blocks', `${String(index)}.ts`), text);
    });
    const config = { compilerOptions: COMPILER_OPTIONS, include: ['blocks/*.ts'] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], {
        cwd: dir,
        encoding: 'utf8',
      });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    return errorsIn(output, modules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ERROR_LINE = /^blocks\/(\d+)\.ts\((\d+),\d+\): (error TS\d+: .*)$/;

/** tsc's output, mapped back to markdown lines. */
function errorsIn(output: string, modules: readonly Module[]): BlockError[] {
  const errors: BlockError[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '' || line.startsWith(' ')) continue;
    const match = ERROR_LINE.exec(line);
    if (match === null) {
      errors.push({ where: 'tsc', message: line });
      continue;
    }
    const origin = modules[Number(match[1])]?.origins[Number(match[2]) - 1];
    errors.push({ where: origin ?? `generated line ${match[2] ?? ''}`, message: match[3] ?? '' });
  }
  return errors;
}
