/** Colours and type sizes of the printed documents (the charts use the same palette). */
import type { LabelName } from '../../questionnaires/schema';
import { PALETTE } from '../charts';

export const COLOR = {
  ...PALETTE,
  ink: '#1f2933',
  muted: '#616e7c',
  rule: '#cbd2d9',
  zebra: '#f3f6f9',
  headerFill: '#1b3a5c',
  pass: '#2e8b57',
  fail: '#c0392b',
};

export const LABEL_COLOR: Record<LabelName, { fill: string; dark: string }> = {
  gold: { fill: '#c9a227', dark: '#8a6d12' },
  silver: { fill: '#a7b1bc', dark: '#5f6b78' },
  bronze: { fill: '#b0703c', dark: '#7a4a22' },
};

export const SIZE = { body: 9.5, small: 8, table: 8, h1: 18, h2: 12.5, h3: 10.5 };
