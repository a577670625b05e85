package schedule

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Clock is a local time of day in minutes after midnight, 0 to 1440
// (1440 is "24:00", allowed only as the end of a span).
type Clock int

// ParseClock parses "HH:MM" (24-hour, "24:00" allowed).
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not a time of day in HH:MM form", s)
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || s[0] == '+' || s[0] == '-' || s[3] == '+' || s[3] == '-' {
		return 0, fmt.Errorf("%q is not a time of day in HH:MM form", s)
	}
	if h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day between 00:00 and 24:00", s)
	}
	return Clock(h*60 + m), nil
}

// String formats c as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Span is a local time-of-day range [Start, End) within one day.
type Span struct {
	Start, End Clock
}

// Weekly holds the spans of each weekday, indexed by time.Weekday
// (Sunday = 0). Spans of a day are sorted and do not overlap.
type Weekly [7][]Span

// dayKeys are the JSON keys of the weekdays, indexed by time.Weekday.
var dayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// IsZero reports whether no day has any span.
func (w Weekly) IsZero() bool {
	for _, d := range w {
		if len(d) > 0 {
			return false
		}
	}
	return true
}

// ParseWeekly turns the JSON form {"tue": [["14:00","17:00"]]} into a
// Weekly. field names the input in errors (e.g. "checkin_windows"). Spans
// of one day must not overlap; each must end after it starts.
func ParseWeekly(field string, raw map[string][][]string) (Weekly, error) {
	var w Weekly
	verr := &ValidationError{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		day := slices.Index(dayKeys[:], key)
		if day < 0 {
			verr.Add(field+"."+key, "unknown weekday; use mon, tue, wed, thu, fri, sat or sun")
			continue
		}
		for i, pair := range raw[key] {
			f := fmt.Sprintf("%s.%s[%d]", field, key, i)
			if len(pair) != 2 {
				verr.Add(f, `a span is a pair ["HH:MM","HH:MM"]`)
				continue
			}
			start, err := ParseClock(pair[0])
			if err != nil {
				verr.Add(f, err.Error())
				continue
			}
			end, err := ParseClock(pair[1])
			if err != nil {
				verr.Add(f, err.Error())
				continue
			}
			if start == 24*60 {
				verr.Add(f, "a span cannot start at 24:00")
				continue
			}
			if end <= start {
				verr.Add(f, fmt.Sprintf("end %s is not after start %s", pair[1], pair[0]))
				continue
			}
			w[day] = append(w[day], Span{Start: start, End: end})
		}
		slices.SortFunc(w[day], func(a, b Span) int { return int(a.Start - b.Start) })
		for i := 1; i < len(w[day]); i++ {
			if w[day][i].Start < w[day][i-1].End {
				verr.Add(field+"."+key, fmt.Sprintf("spans %s-%s and %s-%s overlap",
					w[day][i-1].Start, w[day][i-1].End, w[day][i].Start, w[day][i].End))
				break
			}
		}
	}
	if err := verr.Err(); err != nil {
		return Weekly{}, err
	}
	return w, nil
}

// Raw returns the JSON form of w, the inverse of ParseWeekly.
func (w Weekly) Raw() map[string][][]string {
	out := make(map[string][][]string)
	for day, spans := range w {
		for _, s := range spans {
			out[dayKeys[day]] = append(out[dayKeys[day]], []string{s.Start.String(), s.End.String()})
		}
	}
	return out
}

// MarshalJSON encodes w as {"mon": [["09:00","17:00"]], ...}.
func (w Weekly) MarshalJSON() ([]byte, error) { return json.Marshal(w.Raw()) }

// UnmarshalJSON decodes the form written by MarshalJSON, validating it.
// The field name in errors is empty; callers that know the field should
// decode into map[string][][]string and call ParseWeekly instead.
func (w *Weekly) UnmarshalJSON(b []byte) error {
	var raw map[string][][]string
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	parsed, err := ParseWeekly("", raw)
	if err != nil {
		return err
	}
	*w = parsed
	return nil
}

// In returns the instants covered by w's spans, read on the clocks of loc,
// within window. Each span of a civil date becomes one interval between
// the instants its two boundaries resolve to (see the package doc for
// skipped and repeated hours), so 09:00-17:00 is eight hours on any day
// whose clocks do not change between 09:00 and 17:00.
func (w Weekly) In(loc *time.Location, window Interval) Set {
	if window.Empty() || loc == nil || w.IsZero() {
		return nil
	}
	// Civil dates are counted on a UTC calendar to avoid zone arithmetic.
	first := window.Start.In(loc)
	last := window.End.In(loc)
	day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	stop := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	var out Set
	for ; !day.After(stop); day = day.AddDate(0, 0, 1) {
		y, m, d := day.Date()
		for _, sp := range w[day.Weekday()] {
			iv := Interval{
				Start: wallInstant(y, m, d, sp.Start, loc),
				End:   wallInstant(y, m, d, sp.End, loc),
			}
			if iv.Start.Before(window.Start) {
				iv.Start = window.Start
			}
			if iv.End.After(window.End) {
				iv.End = window.End
			}
			if iv.Empty() {
				continue
			}
			if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
				out[n-1].End = maxTime(out[n-1].End, iv.End)
				continue
			}
			out = append(out, iv)
		}
	}
	if !out.valid() {
		return NewSet(out...)
	}
	return out
}

// Core returns the core hours of working hours w: each span without its
// first and last hour. Spans of two hours or less have no core hours.
func (w Weekly) Core() Weekly {
	var core Weekly
	for day, spans := range w {
		for _, sp := range spans {
			if sp.End-sp.Start > 120 {
				core[day] = append(core[day], Span{Start: sp.Start + 60, End: sp.End - 60})
			}
		}
	}
	return core
}
