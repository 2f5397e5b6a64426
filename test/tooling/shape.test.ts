/**
 * The checks that keep the code's shape (npm run lint, run by CI) catch what they are there for:
 * each runs with the project's own configuration on a small throwaway tree holding one deliberate
 * violation, and must fail on it (and pass on the same tree without it).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-shape-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(dir: string, command: string, args: string[]) {
  const r = spawnSync(bin(command), args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const depcruise = (dir: string) =>
  run(dir, 'depcruise', ['--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err', 'server']);

describe('the shape checks fail on deliberate violations', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('dependency-cruiser: a route that imports knex, and a page that imports a route', () => {
    const clean = {
      'server/db/types.ts': "import type { Knex } from 'knex';\nexport type Db = Knex;\n",
      'server/repositories/things.ts': "import knex from 'knex';\nexport const open = () => knex({ client: 'pg' });\n",
      'server/services/things.ts':
        "import type { Db } from '../db/types';\nimport { open } from '../repositories/things';\nexport const things = (db: Db | null) => db ?? open();\n",
      'server/routes/things.ts': "import { things } from '../services/things';\nexport const route = () => things(null);\n",
      'server/web/pages/things.ts': "import { things } from '../../services/things';\nexport const page = () => things(null);\n",
    };
    const ok = tree(clean);
    dirs.push(ok);
    expect(depcruise(ok).status, depcruise(ok).out).to.equal(0);
    const bad = tree({
      ...clean,
      'server/routes/things.ts': "import knex from 'knex';\nexport const route = () => knex({ client: 'pg' });\n",
      'server/web/pages/things.ts': "import { route } from '../../routes/things';\nexport const page = () => route();\n",
    });
    dirs.push(bad);
    const r = depcruise(bad);
    expect(r.status).to.not.equal(0);
    expect(r.out).to.match(/knex-only-in-the-data-layer: server\/routes\/things\.ts → \S*node_modules\/knex\//);
    expect(r.out).to.contain('pages-do-not-import-routes: server/web/pages/things.ts → server/routes/things.ts');
  });

  it('jscpd: a flow copied between a route and a page', () => {
    const flow = (name: string) =>
      `export async function ${name}(load: (id: number) => Promise<{ state: string; owner: number }>, id: number, actor: number) {\n` +
      '  const a = await load(id);\n  if (a.owner !== actor) throw new Error("not yours");\n  if (a.state !== "open") throw new Error("read-only");\n' +
      '  const version = Math.max(1, id) + 1;\n  const audit = { actor, id, state: a.state, version };\n  console.log(JSON.stringify(audit));\n  return { version, state: a.state };\n}\n';
    const bad = tree({ 'server/routes/things.ts': flow('routeSave'), 'server/web/pages/things.ts': flow('pageSave') });
    dirs.push(bad);
    fs.copyFileSync(path.join(ROOT, '.jscpd.json'), path.join(bad, '.jscpd.json'));
    const r = run(bad, 'jscpd', ['--config', '.jscpd.json']);
    expect(r.status, r.out).to.not.equal(0);
    expect(r.out).to.match(/Clone found/);
  });

  it('Prettier and ESLint: a badly formatted file and an unused variable', () => {
    const bad = tree({ 'server/things.ts': 'export const x = {a:1,\n      b:2}\nexport function f() { const unused = 1; return 2 }\n' });
    dirs.push(bad);
    for (const f of ['.prettierrc.json', '.prettierignore', 'eslint.config.mjs']) fs.copyFileSync(path.join(ROOT, f), path.join(bad, f));
    const pretty = run(bad, 'prettier', ['--check', 'server']);
    expect(pretty.status, pretty.out).to.not.equal(0);
    expect(pretty.out).to.contain('server/things.ts');
    const lint = run(bad, 'eslint', ['server']);
    expect(lint.status, lint.out).to.not.equal(0);
    expect(lint.out).to.contain("'unused' is assigned a value but never used");
  });
});
