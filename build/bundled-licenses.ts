/**
 * An esbuild plugin that writes the licence texts of every npm package bundled
 * into an output (MIT and most permissive licences require the notice to travel
 * with the code). Used by the `flash-sale/testing` build, which bundles
 * ioredis-mock and its dependencies.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

const LICENSE_FILE = /^(licen[cs]e|copying)(\.[a-z]+)?$/i;

/** The package folder a bundled input belongs to, or undefined for our own sources. */
function packageRoot(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  const depth = rest[0]?.startsWith('@') === true ? 2 : 1;
  return input.slice(0, at) + 'node_modules/' + rest.slice(0, depth).join('/');
}

/** The notice of one package: name, version, licence, and its licence file. */
function notice(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string;
  };
  const file = readdirSync(root).find((name) => LICENSE_FILE.test(name));
  const text =
    file === undefined
      ? `(no licence file in the package; package.json says ${manifest.license ?? 'nothing'})`
      : readFileSync(join(root, file), 'utf8').trim();
  return `${manifest.name}@${manifest.version} (${manifest.license ?? 'unknown'})\n\n${text}\n`;
}

/** Writes `fileName` into the output folder, listing every package bundled. */
export function bundledLicenses(fileName: string): Plugin {
  return {
    name: 'bundled-licenses',
    setup(build) {
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        if (result.metafile === undefined || build.initialOptions.outdir === undefined) return;
        const roots = new Set<string>();
        for (const input of Object.keys(result.metafile.inputs)) {
          const root = packageRoot(input);
          if (root !== undefined && existsSync(join(root, 'package.json'))) roots.add(root);
        }
        const notices = [...roots].sort().map(notice);
        // Packages that a bundled package had already bundled into its own files.
        const inner = new Set<string>();
        for (const root of roots) {
          for (const input of Object.keys(result.metafile.inputs)) {
            if (!input.startsWith(root + '/')) continue;
            for (const match of readFileSync(input, 'utf8').matchAll(
              /^\/\/ node_modules\/([^/\s]+)\//gm,
            )) {
              if (match[1] !== undefined)
                inner.add(
                  `${match[1]} (inside ${root.slice(root.lastIndexOf('node_modules/') + 13)})`,
                );
            }
          }
        }
        if (inner.size > 0) {
          notices.push(
            `Also included, already bundled by the packages above (see their repositories for the notices):\n${[...inner].sort().join('\n')}\n`,
          );
        }
        const header = `Third-party code bundled into this package's ${fileName.replace(/\..*$/, '')} entry:\n`;
        writeFileSync(
          resolve(build.initialOptions.outdir, fileName),
          [header, ...notices].join(`\n${'-'.repeat(72)}\n\n`),
        );
      });
    },
  };
}
