// Package schedule is the pure scheduling engine of checkins: interval sets,
// weekly windows in a time zone, cadence cycles, and ranked slot proposals.
//
// Nothing in this package performs I/O or reads the clock; the current time
// is always an argument.
//
// # Weekly windows and daylight saving time
//
// A span such as tue 14:00-17:00 is read on the wall clocks of a zone
// (Weekly.In). Each boundary of a span on a given date resolves to one
// instant, and the span is the real time between the two:
//
//   - a reading that happens once is that instant, so 09:00-17:00 is 8
//     hours of real time whatever the UTC offset;
//   - a reading that happens twice (clocks going back) resolves to its
//     first occurrence: in America/New_York on 2026-11-01, 01:30 is
//     01:30 EDT, so 00:00-01:30 lasts 1½ hours and 00:00-02:00 lasts 3;
//   - a reading that never happens (clocks jumping forward) resolves to
//     the instant of the jump, the first instant after the gap: on
//     2026-03-08 02:30 in New York is 03:00 EDT, so 02:00-03:00 is empty
//     that day and 02:30-04:00 lasts one hour. Go's time.Date does not
//     guarantee a side for such readings (it picks 01:30 EST in New York
//     but 02:45 in Australia/Lord_Howe), so the package does not rely on it.
//
// Cycle bounds use the same rule for local midnight.
//
// # Proposals
//
// A slot of Request.Duration is admissible when it lies inside the cycle,
// inside the mentor's check-in windows and the mentee's working hours,
// starts at or after Now + MinNotice and on a quarter hour of the mentor's
// clocks, keeps Buffer away from both people's busy time and the mentor's
// other check-ins, and keeps the mentor's check-ins of its Monday-to-Sunday
// week (mentor's zone; a check-in counts toward the week it starts in)
// within WeeklyCap. Candidates lists them all; Check tests one start.
//
// Propose ranks the admissible slots by a score in [0, 1], the sum of:
//
//   - 0.35 when the slot has the weekday and local time (mentor's zone) of
//     the previous check-in, 0.14 for the weekday alone;
//   - 0.25 when it starts or ends within Buffer+15 minutes of one of the
//     mentor's meetings, 0.125 when it is the first or last slot of a free
//     block: either way the remaining free time stays in one piece;
//   - 0.125 for each person whose core hours contain it. Core hours are
//     working hours without the first and last hour of each span (09:00-17:00
//     gives 10:00-16:00; a span of 2 hours or less has none);
//   - 0.15 × the fraction of the cycle still ahead at its start.
//
// Ties go to the earlier slot. The top Limit holds at most 2 slots of one
// day (mentor's zone) unless no other day has a slot left.
//
// An agreement without a cadence (situational) has one cycle of
// SituationalLength (28) days.
package schedule
