/**
 * What the HTTP benchmarks (api.ts, floor.ts) share: each script is the driver, which forks itself
 * with `serve` so that the apps under test run in a process of their own, and waits for it to say
 * it is ready; and the signed-in lead's assessment they write to.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Knex } from 'knex';

/** Runs `serve` in the forked server process, `drive` in the driver. */
export function serveOrDrive(serve: () => Promise<void>, drive: () => Promise<void>): void {
  if (process.argv[2] === 'serve') {
    serve().catch((err) => {
      console.error(err);
      process.exit(1);
    });
  } else {
    drive().catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}

/**
 * Forks `file` as the server process and resolves with the message it sends once listening.
 * BENCH_CPU_PROF=dir writes a V8 CPU profile of that process there (open it in Chrome DevTools).
 */
export async function forkServer<T>(file: string): Promise<{ child: ChildProcess; ready: T }> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(file, ['serve'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...prof] });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
  });
  return { child, ready };
}

export const BENCH_PASSWORD = 'bench-password-1';

/**
 * A Gold assessment in `interview` for a fictional cluster, led by lead@bench.example (certified
 * Gold) with co@bench.example: what the benchmarks save values to.
 */
export async function benchAssessment(trx: Knex.Transaction): Promise<{ assessmentId: number; leadId: number }> {
  const { createUser } = await import('../server/services/users');
  const { actorFromRow } = await import('../server/auth/actor');
  const { createAssessment, transition } = await import('../server/services/assessments');
  const [c] = await trx('clusters')
    .insert({
      name: 'Bench Cluster',
      country: 'DE',
      sector: 'Electronics',
      founded_year: 2015,
      benchmark_consent: true,
      created_at: new Date().toISOString(),
    })
    .returning(['id']);
  const lead = await createUser(
    trx,
    { email: 'lead@bench.example', name: 'Lead', password: BENCH_PASSWORD, role: 'benchmarker', certification: 'gold', country: 'DE' },
    null,
  );
  const co = await createUser(
    trx,
    { email: 'co@bench.example', name: 'Co', password: BENCH_PASSWORD, role: 'benchmarker', certification: 'silver', country: 'AT' },
    null,
  );
  const leadActor = actorFromRow(await trx('users').where({ id: lead.id }).first());
  const fw = await trx('frameworks').where({ key: 'esca-default' }).first('id');
  const a = await createAssessment(
    trx,
    {
      clusterId: Number(c.id),
      frameworkId: Number(fw.id),
      requestedLabel: 'gold',
      leadId: lead.id,
      coAssessorId: co.id,
      interviewDate: '2026-03-14',
      onSite: true,
    },
    leadActor,
  );
  await transition(trx, a, 'interview', leadActor, null);
  return { assessmentId: a.id, leadId: lead.id };
}
