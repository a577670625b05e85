// Package schedule is the pure scheduling engine of checkins: interval sets,
// weekly windows in a time zone, cadence cycles, and ranked slot proposals.
//
// Nothing in this package performs I/O or reads the clock; the current time
// is always an argument.
package schedule
