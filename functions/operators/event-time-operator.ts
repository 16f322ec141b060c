import { WM_MIN } from '../wire/watermark.ts';
import type { KeyedState, Operator, Row } from './types.ts';

/**
 * What every stateful event-time operator keeps beside its key-group state: the watermark it has
 * seen and the count of late rows it dropped. A committed checkpoint restores the watermark without
 * firing anything (what it would fire already fired before the commit).
 */
export abstract class EventTimeOperator implements Operator {
  protected wm = WM_MIN;
  late = 0;

  abstract get state(): KeyedState;
  abstract push(row: Row, t: number, id: string | undefined): void;
  abstract advance(wm: number): void;

  /** Restores the watermark a committed checkpoint recorded (no firing: it already happened). */
  restoreWatermark(wm: number): void {
    this.wm = wm;
  }

  /** True when a row at `t` is older than the watermark: it is dropped and counted as late. */
  protected dropsLate(t: number): boolean {
    if (t >= this.wm) return false;
    this.late++;
    return true;
  }

  /** Moves the watermark to `wm`; false when `wm` is not ahead of it (nothing new can fire). */
  protected advanceTo(wm: number): boolean {
    if (wm <= this.wm) return false;
    this.wm = wm;
    return true;
  }
}
