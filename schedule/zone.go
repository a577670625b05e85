package schedule

import (
	"fmt"
	"time"
)

// LoadZone loads the IANA time zone name. An empty, unknown or "Local"
// name (the machine's zone is not a user's zone) is a *ValidationError
// naming field.
func LoadZone(field, name string) (*time.Location, error) {
	switch name {
	case "":
		return nil, Invalid(field, "is required (an IANA time zone such as \"Europe/London\")")
	case "Local":
		return nil, Invalid(field, "\"Local\" is not an IANA time zone; name the zone, e.g. \"America/New_York\"")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Invalid(field, fmt.Sprintf("unknown time zone %q", name))
	}
	return loc, nil
}

// wallInstant is the instant at which the clocks of loc read clock c on
// the civil date y-m-d (c may be 1440, the next midnight). Where that
// reading happens twice (clocks going back) it is the first occurrence;
// where it never happens (clocks jumping forward over it) it is the
// instant of the jump, i.e. the first instant after the gap.
func wallInstant(y int, m time.Month, d int, c Clock, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, int(c), 0, 0, loc)
	want := time.Date(y, m, d, 0, int(c), 0, 0, time.UTC)
	got := wallOf(t)
	if got.Equal(want) {
		// The reading exists; if the previous zone period also reads it,
		// that earlier occurrence wins.
		start, _ := t.ZoneBounds()
		if !start.IsZero() {
			_, prevOff := start.Add(-time.Nanosecond).Zone()
			earlier := want.Add(-time.Duration(prevOff) * time.Second).In(loc)
			if earlier.Before(start) && wallOf(earlier).Equal(want) {
				return earlier
			}
		}
		return t
	}
	// Skipped reading: Go normalised it to one side of the gap.
	start, end := t.ZoneBounds()
	if got.After(want) {
		return start.In(loc)
	}
	if end.IsZero() {
		return t
	}
	return end.In(loc)
}

// wallOf is the wall-clock reading of t, as a UTC time.
func wallOf(t time.Time) time.Time {
	_, off := t.Zone()
	return t.Add(time.Duration(off) * time.Second).UTC()
}

// quarter is the alignment of slot starts in the mentor's zone.
const quarter = 15 * time.Minute

// aligned reports whether t starts a quarter hour on the clocks of loc.
func aligned(t time.Time, loc *time.Location) bool {
	return wallOf(t.In(loc)).Truncate(quarter).Equal(wallOf(t.In(loc)))
}

// alignUp is the first instant at or after t that starts a quarter hour
// on the clocks of loc.
func alignUp(t time.Time, loc *time.Location) time.Time {
	for range 4 {
		w := wallOf(t.In(loc))
		tr := w.Truncate(quarter)
		if tr.Equal(w) {
			return t
		}
		t = t.Add(quarter - w.Sub(tr))
	}
	return t
}
