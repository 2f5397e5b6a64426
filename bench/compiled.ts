/**
 * The benchmarks measure the code as the production server runs it: compiled by tsc with
 * tsconfig.build.json, plus the assets the build copies (scripts/copy-assets.js). The build goes to
 * node_modules/.cache/bench-build, made first when missing or older than a source file, not to dist/:
 * bin/clustermark.js runs dist/ whenever it exists, and a build made for a bench must not silently
 * replace the sources for everything else. Loaded through tsx instead, every call across modules goes
 * through an export getter (about 5 %). BENCH_SOURCE=1 measures the TypeScript sources through tsx.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const BUILD = join(ROOT, 'node_modules', '.cache', 'bench-build');
export const FROM_SOURCE = process.env.BENCH_SOURCE === '1';
const FOLDERS = ['questionnaires', 'scoring', 'reports'];
const ASSETS = ['reports/fonts'];

/** Newest modification time of the files under `dir`, in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Compiles with tsc (and copies the assets) when the build is missing or older than the sources. */
export function ensureBuilt(): void {
  if (FROM_SOURCE) return;
  const marker = join(BUILD, 'reports', 'index.js');
  const sources = Math.max(...FOLDERS.map((f) => newest(join(ROOT, f))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  console.log(`compiling (npx tsc -p tsconfig.build.json --outDir ${BUILD}) …`);
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(marker)) throw new Error(`tsc did not produce ${marker} (exit ${build.status})`);
  for (const dir of ASSETS) cpSync(join(ROOT, dir), join(BUILD, dir), { recursive: true });
}

/** A module of ours, compiled or from the TypeScript sources; `what` says which, for the output. */
export function load<T>(folder: string): T {
  return require(FROM_SOURCE ? join(ROOT, folder) : join(BUILD, folder)) as T;
}

export const measured = () => (FROM_SOURCE ? 'TypeScript sources through tsx' : 'compiled by tsc, as the server runs it');
