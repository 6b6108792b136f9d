import type { Reservation } from 'flash-sale';
import { formatTable, isoTime, type Column } from '../output/table.js';

/** What is held, as `item:units,item:units`. */
export function linesText(reservation: Reservation): string {
  return reservation.lines.map((line) => `${line.item}:${String(line.quantity)}`).join(',');
}

/** A table of reservations, with any extra columns after the common ones. */
export function reservationTable<R extends Reservation>(
  rows: readonly R[],
  extra: readonly Column<R>[] = [],
): string {
  const columns: Column<R>[] = [
    { heading: 'reservation', cell: (r) => r.id },
    { heading: 'user', cell: (r) => r.userId },
    { heading: 'lines', cell: (r) => linesText(r) },
    { heading: 'units', cell: (r) => r.quantity },
    { heading: 'state', cell: (r) => r.releaseReason ?? r.state },
    { heading: 'created', cell: (r) => isoTime(r.createdAtMs) },
    { heading: 'deadline', cell: (r) => isoTime(r.deadlineMs) },
    ...extra,
  ];
  return formatTable(columns, rows);
}
