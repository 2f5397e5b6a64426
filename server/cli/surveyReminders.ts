import { loadConfig } from '../config';
import { openDatabase, sqliteFileIn } from '../db/knex';
import { runDueReminders } from '../services/surveyParticipants';
import type { Io } from './usage';

/**
 * One tick of the survey reminder schedules (services/surveyParticipants.ts), as the server's background
 * step runs it: every due round is claimed once (also beside running servers) and its mails queued in
 * the outbox, which the server's sender delivers.
 */
export const surveyRemindersCommand = {
  options: {},
  async run(_v: unknown, _p: string[], io: Io): Promise<number> {
    const config = loadConfig();
    const db = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) });
    try {
      const n = await runDueReminders(db.knex, config.baseUrl);
      io.out.write(`survey reminders: ${n} queued\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
