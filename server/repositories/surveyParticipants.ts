/**
 * Personal survey links (migration 016): the participants, their links' token hashes, the sealed
 * drafts and the reminder schedules. Nothing here reads or writes survey_responses.
 */
import type { Db, Tx } from '../db/types';
import { sqlOf } from '../db/sql';

export interface ParticipantRow {
  id: number;
  assessmentId: number;
  email: string;
  lang: string;
  invitedAt: string;
  remindedAt: string | null;
  reminders: number;
  answeredOn: string | null;
}

const fromRow = (r: Record<string, any>): ParticipantRow => ({
  id: Number(r.id),
  assessmentId: Number(r.assessment_id),
  email: String(r.email),
  lang: String(r.lang),
  invitedAt: String(r.invited_at),
  remindedAt: r.reminded_at ?? null,
  reminders: Number(r.reminders),
  answeredOn: r.answered_on ?? null,
});

export async function participantsOf(db: Db, assessmentId: number): Promise<ParticipantRow[]> {
  const rows = await db('survey_participants').where({ assessment_id: assessmentId }).orderBy('email');
  return rows.map(fromRow);
}

export async function participantCount(db: Db, assessmentId: number): Promise<number> {
  const row = await sqlOf(db).get<{ n: number | string }>('select count(*) as n from survey_participants where assessment_id = ?', [
    assessmentId,
  ]);
  return Number(row?.n ?? 0);
}

export async function insertParticipant(trx: Tx, p: { assessmentId: number; email: string; lang: string; at: string }): Promise<number> {
  const [row] = await trx('survey_participants')
    .insert({ assessment_id: p.assessmentId, email: p.email, lang: p.lang, invited_at: p.at, reminders: 0 })
    .returning(['id']);
  return Number(row.id);
}

export async function insertParticipantLink(trx: Tx, participantId: number, tokenHash: string, at: string): Promise<void> {
  await trx('survey_participant_links').insert({ participant_id: participantId, token_hash: tokenHash, created_at: at });
}

/** The participant a personal link's token hash belongs to. */
export async function participantByTokenHash(db: Db, hash: string): Promise<ParticipantRow | null> {
  const row = await sqlOf(db).get(
    'select p.* from survey_participant_links l join survey_participants p on p.id = l.participant_id where l.token_hash = ?',
    [hash],
  );
  return row ? fromRow(row) : null;
}

/** Marks a participant answered (the day only) if they had not: false when they had (a second answer). */
export async function markAnswered(trx: Tx, participantId: number, day: string): Promise<boolean> {
  const n = await trx('survey_participants').where({ id: participantId }).whereNull('answered_on').update({ answered_on: day });
  return Number(n) === 1;
}

/**
 * Rewrites every answered participant row of the assessment in the answer's transaction, so that on
 * PostgreSQL their row version (xmin, the writing transaction) is the same for all of them: the newest
 * response's transaction no longer singles out the one participant who sent it.
 */
export async function blendAnswered(trx: Tx, assessmentId: number): Promise<void> {
  await trx('survey_participants')
    .where({ assessment_id: assessmentId })
    .whereNotNull('answered_on')
    .update({ answered_on: trx.raw('answered_on') });
}

/** The participants a reminder is due for: not answered, not reminded since `since`. */
export async function dueForReminder(db: Db, assessmentId: number, since: string): Promise<ParticipantRow[]> {
  const rows = await db('survey_participants')
    .where({ assessment_id: assessmentId })
    .whereNull('answered_on')
    .andWhere((q) => q.whereNull('reminded_at').orWhere('reminded_at', '<=', since))
    .orderBy('id');
  return rows.map(fromRow);
}

/**
 * Claims one participant's reminder: the same conditions as dueForReminder, checked again by the
 * update itself, so that two instances (or two clicks) remind a person once.
 */
export async function claimReminder(trx: Tx, participantId: number, since: string, at: string): Promise<boolean> {
  const n = await trx('survey_participants')
    .where({ id: participantId })
    .whereNull('answered_on')
    .andWhere((q) => q.whereNull('reminded_at').orWhere('reminded_at', '<=', since))
    .update({ reminded_at: at, reminders: trx.raw('reminders + 1') });
  return Number(n) === 1;
}

export async function draftOf(db: Db, tokenHash: string): Promise<string | null> {
  const row = await sqlOf(db).get<{ sealed: string }>('select sealed from survey_drafts where token_hash = ?', [tokenHash]);
  return row ? row.sealed : null;
}

export async function saveDraft(trx: Tx, d: { tokenHash: string; assessmentId: number; sealed: string; at: string }): Promise<void> {
  await trx('survey_drafts')
    .insert({ token_hash: d.tokenHash, assessment_id: d.assessmentId, sealed: d.sealed, updated_at: d.at })
    .onConflict('token_hash')
    .merge(['sealed', 'updated_at']);
}

/** Deletes every draft of a participant's links (all of them: the answer is in). */
export async function deleteDrafts(trx: Tx, participantId: number): Promise<void> {
  await trx('survey_drafts')
    .whereIn('token_hash', trx('survey_participant_links').select('token_hash').where({ participant_id: participantId }))
    .delete();
}

export interface ScheduleRow {
  assessmentId: number;
  everyDays: number;
  nextAt: string;
}

export async function scheduleOf(db: Db, assessmentId: number): Promise<ScheduleRow | null> {
  const r = await sqlOf(db).get('select * from survey_reminder_schedules where assessment_id = ?', [assessmentId]);
  return r ? { assessmentId: Number(r.assessment_id), everyDays: Number(r.every_days), nextAt: String(r.next_at) } : null;
}

export async function setSchedule(trx: Tx, assessmentId: number, everyDays: number | null, nextAt: string, at: string): Promise<void> {
  if (everyDays === null) {
    await trx('survey_reminder_schedules').where({ assessment_id: assessmentId }).delete();
    return;
  }
  await trx('survey_reminder_schedules')
    .insert({ assessment_id: assessmentId, every_days: everyDays, next_at: nextAt, updated_at: at })
    .onConflict('assessment_id')
    .merge(['every_days', 'next_at', 'updated_at']);
}

export async function dueSchedules(db: Db, now: string, limit = 50): Promise<ScheduleRow[]> {
  const rows = await db('survey_reminder_schedules').where('next_at', '<=', now).orderBy('next_at').limit(limit);
  return rows.map((r: Record<string, any>) => ({
    assessmentId: Number(r.assessment_id),
    everyDays: Number(r.every_days),
    nextAt: String(r.next_at),
  }));
}

/** Moves a schedule on from the run it was due for: false when another instance already did. */
export async function claimSchedule(trx: Tx, s: ScheduleRow, nextAt: string, at: string): Promise<boolean> {
  const n = await trx('survey_reminder_schedules')
    .where({ assessment_id: s.assessmentId, next_at: s.nextAt })
    .update({ next_at: nextAt, updated_at: at });
  return Number(n) === 1;
}

export async function dropSchedule(trx: Tx, assessmentId: number): Promise<void> {
  await trx('survey_reminder_schedules').where({ assessment_id: assessmentId }).delete();
}

/** The survey closed for good (the decision): the unfinished drafts and the reminder schedule go. */
export async function endPersonalLinks(trx: Tx, assessmentId: number): Promise<void> {
  await trx('survey_drafts').where({ assessment_id: assessmentId }).delete();
  await dropSchedule(trx, assessmentId);
}

/** The id of the link a personal answer is stored with: the assessment's open link, else its newest. */
export async function answerLinkId(db: Db, assessmentId: number): Promise<number | null> {
  const row = await sqlOf(db).get(
    'select id from survey_links where assessment_id = ? order by case when closed_at is null then 0 else 1 end, id desc limit 1',
    [assessmentId],
  );
  return row ? Number(row.id) : null;
}
