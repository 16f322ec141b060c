import type { PhysicalStage } from './stages.ts';

const renumber = (id: string, offset: number): string => `s${Number(id.slice(1)) + offset}`;

/** Stages numbered `s1…` shifted by `offset` (ids and the edges between them), to sit after others. */
export function renumberStages(stages: readonly PhysicalStage[], offset: number): PhysicalStage[] {
  return stages.map(
    (s): PhysicalStage => ({
      ...s,
      id: renumber(s.id, offset),
      input:
        s.input.kind === 'edge'
          ? { kind: 'edge', from: s.input.from.map((f) => renumber(f, offset)) }
          : s.input,
    }),
  );
}
