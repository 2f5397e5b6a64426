/** Notes as the score, the calibration and the report show them (no imports: any service may use it). */

/**
 * A note as people read it elsewhere than in the runner: without the line of ticked list codes the
 * runner keeps at its start (`[F1 F3]`, web/pages/interview.ts splitListNote); null when nothing is left.
 */
export function noteText(note: string | null): string | null {
  if (!note) return null;
  const text = note.replace(/^\[[A-Z0-9]+(?: [A-Z0-9]+)*\](?:\r?\n|$)/, '');
  return text.trim() === '' ? null : text;
}
