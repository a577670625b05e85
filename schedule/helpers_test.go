package schedule

import (
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone("time_zone", name)
	if err != nil {
		t.Fatalf("LoadZone(%q): %v", name, err)
	}
	return loc
}

// at parses "2006-01-02 15:04" in loc.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

func mustWeekly(t testing.TB, raw map[string][][]string) Weekly {
	t.Helper()
	w, err := ParseWeekly("w", raw)
	if err != nil {
		t.Fatalf("ParseWeekly(%v): %v", raw, err)
	}
	return w
}

var weekdays9to5 = map[string][][]string{
	"mon": {{"09:00", "17:00"}}, "tue": {{"09:00", "17:00"}}, "wed": {{"09:00", "17:00"}},
	"thu": {{"09:00", "17:00"}}, "fri": {{"09:00", "17:00"}},
}

// utc is a short way to write an instant in tests: minutes after a base.
var base = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func iv(a, b int) Interval {
	return Interval{Start: base.Add(time.Duration(a) * time.Minute), End: base.Add(time.Duration(b) * time.Minute)}
}

func set(pairs ...int) Set {
	var s Set
	for i := 0; i+1 < len(pairs); i += 2 {
		s = append(s, iv(pairs[i], pairs[i+1]))
	}
	return s
}

func sameSet(a, b Set) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) {
			return false
		}
	}
	return true
}
