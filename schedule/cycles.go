package schedule

import (
	"fmt"
	"time"
)

// SituationalLength is the length of the single cycle of an agreement
// without a cadence (a situational one): four weeks from starts_on.
const SituationalLength = 28 // days

// maxCycles bounds cycle indexes (and the search of Next), so no input can
// make the package loop for long or overflow a date.
const maxCycles = 10000

// Cycle is one period of an agreement, holding at most one check-in.
type Cycle struct {
	Index int       `json:"index"`
	Start time.Time `json:"starts_at"`
	End   time.Time `json:"ends_at"`
}

// Interval is [Start, End).
func (c Cycle) Interval() Interval { return Interval{Start: c.Start, End: c.End} }

// Cycles describes the cycles of an agreement. Cycle k (from 0) is
// [starts_on + k·every units, starts_on + (k+1)·every units), each bound at
// local midnight in Loc. Months clamp at the month end, always counted
// from starts_on: from Jan 31, cycle 1 starts Feb 28 (29 in leap years)
// and cycle 2 Mar 31.
type Cycles struct {
	StartsOn Date
	Cadence  *Cadence       // nil: one cycle of SituationalLength days
	Sessions int            // number of cycles; 0: open-ended
	Loc      *time.Location // the mentor's zone
}

// Validate reports every problem as a *ValidationError with the fields
// "cadence.every", "cadence.unit", "sessions", "starts_on" and "time_zone".
func (c Cycles) Validate() error {
	verr := &ValidationError{}
	if c.Cadence != nil {
		verr.Merge("cadence", c.Cadence.Validate())
	}
	if c.Sessions < 0 || c.Sessions > maxCycles {
		verr.Add("sessions", fmt.Sprintf("must be between 0 (open-ended) and %d", maxCycles))
	}
	if c.StartsOn.IsZero() {
		verr.Add("starts_on", "is required")
	} else if d := c.StartsOn; d.Year < 1900 || d.Year > 9999 ||
		DateOf(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)) != d {
		verr.Add("starts_on", fmt.Sprintf("%s is not a date between 1900 and 9999", d))
	}
	if c.Loc == nil {
		verr.Add("time_zone", "is required")
	}
	return verr.Err()
}

// count is the number of cycles, or maxCycles when open-ended.
func (c Cycles) count() int {
	switch {
	case c.Cadence == nil:
		return 1
	case c.Sessions > 0:
		return c.Sessions
	}
	return maxCycles
}

// bound is the first instant of cycle k (k may equal count()).
func (c Cycles) bound(k int) time.Time {
	d := c.StartsOn
	switch {
	case c.Cadence == nil:
		d = addDays(d, k*SituationalLength)
	case c.Cadence.Unit == Month:
		d = addMonths(d, k*c.Cadence.Every)
	default:
		d = addDays(d, 7*k*c.Cadence.Every)
	}
	return wallInstant(d.Year, d.Month, d.Day, 0, c.Loc)
}

func addDays(d Date, n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// addMonths adds n months, clamping the day to the end of the month.
func addMonths(d Date, n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// At returns cycle k. It returns the Validate error for invalid Cycles and
// a *ValidationError for field "cycle" when k is out of range.
func (c Cycles) At(k int) (Cycle, error) {
	if err := c.Validate(); err != nil {
		return Cycle{}, err
	}
	if k < 0 || k >= c.count() {
		return Cycle{}, Invalid("cycle", fmt.Sprintf("cycle %d does not exist; cycles run from 0 to %d", k, c.count()-1))
	}
	return c.at(k), nil
}

func (c Cycles) at(k int) Cycle {
	return Cycle{Index: k, Start: c.bound(k), End: c.bound(k + 1)}
}

// Containing returns the cycle that contains t; false when t is before the
// first cycle, after the last, or the Cycles are invalid.
func (c Cycles) Containing(t time.Time) (Cycle, bool) {
	if c.Validate() != nil || t.Before(c.bound(0)) {
		return Cycle{}, false
	}
	k := c.estimate(t)
	for k > 0 && t.Before(c.bound(k)) {
		k--
	}
	for k < c.count() && !t.Before(c.bound(k+1)) {
		k++
	}
	if k >= c.count() {
		return Cycle{}, false
	}
	return c.at(k), true
}

// estimate is a guess of the index of the cycle containing t (t at or
// after the first cycle), at most one or two off.
func (c Cycles) estimate(t time.Time) int {
	if c.Cadence == nil {
		return 0
	}
	start := c.StartsOn
	local := t.In(c.Loc)
	var k int
	if c.Cadence.Unit == Month {
		months := (local.Year()-start.Year)*12 + int(local.Month()-start.Month)
		k = months / c.Cadence.Every
	} else {
		days := int(time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, time.UTC).
			Sub(time.Date(start.Year, start.Month, start.Day, 12, 0, 0, 0, time.UTC)).Hours() / 24)
		k = days / (7 * c.Cadence.Every)
	}
	return max(0, min(k, c.count()))
}

// Next returns the first cycle that ends after now and for which taken
// (which may be nil) is false; false when no cycle is left (or the search
// passes index 10000 of an open-ended agreement).
func (c Cycles) Next(now time.Time, taken func(index int) bool) (Cycle, bool) {
	if c.Validate() != nil {
		return Cycle{}, false
	}
	k := 0
	if cyc, ok := c.Containing(now); ok {
		k = cyc.Index
	} else if !now.Before(c.bound(0)) {
		return Cycle{}, false // after the last cycle
	}
	for ; k < c.count(); k++ {
		cyc := c.at(k)
		if cyc.End.After(now) && (taken == nil || !taken(k)) {
			return cyc, true
		}
	}
	return Cycle{}, false
}
