/**
 * The one place that knows how a note keeps the ticks of a counted list (no imports: any service or
 * page may use it). The runner keeps the ticked codes at the start of the note, as `[F1 F3]` on a line
 * of its own, so that it can show them again (the value itself is the count); everywhere else (the
 * score, the calibration, the report) the note is read without that line.
 */

const TICK_LINE = /^\[([A-Z0-9]+(?: [A-Z0-9]+)*)\](?:\r?\n|$)/;

/** The ticked codes and the note's text; a note that does not start with known codes in brackets is all text. */
export function splitListNote(note: string, codes: string[]): { ticked: string[]; text: string } {
  const m = TICK_LINE.exec(note);
  const ticked = m ? m[1].split(' ') : [];
  if (!m || !ticked.every((c) => codes.includes(c))) return { ticked: [], text: note };
  return { ticked, text: note.slice(m[0].length) };
}

/** The note the runner stores: the tick line (when anything is ticked) and the text below it. */
export function joinListNote(ticked: string[], text: string): string {
  return ticked.length ? `[${ticked.join(' ')}]${text ? `\n${text}` : ''}` : text;
}

/** A note as people read it elsewhere than in the runner: without the tick line; null when nothing is left. */
export function noteText(note: string | null): string | null {
  if (!note) return null;
  const text = note.replace(TICK_LINE, '');
  return text.trim() === '' ? null : text;
}
