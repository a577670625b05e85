package calendar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/mentorship/checkins/schedule"
)

// Limits that keep a hostile or broken iCalendar file from costing more
// than a bounded amount of work.
const (
	// icsMaxDepth is the deepest nesting of BEGIN/END blocks accepted.
	icsMaxDepth = 16
	// icsMaxParamBytes bounds the name and parameters of one content line
	// (the decoder handles them in quadratic time).
	icsMaxParamBytes = 8 << 10
	// icsMaxSteps bounds the occurrences iterated for one calendar, inside
	// and before the window.
	icsMaxSteps = 500_000
	// icsMinYear and icsMaxYear bound the DTSTART of a recurring event.
	icsMinYear, icsMaxYear = 1900, 2200
	// icsParseTimeout bounds the time spent on one calendar: a rule that
	// can never match makes the rrule library scan to year 9999 (tens of
	// milliseconds each), and a file may hold many.
	icsParseTimeout = 5 * time.Second
)

// errICSBudget reports a calendar whose expansion needs too much work.
var errICSBudget = errors.New("recurrence expansion exceeds the work budget")

// icsBusy parses an iCalendar document and returns its busy intervals
// within window, sorted, merged and clipped. Events with STATUS:CANCELLED
// or TRANSP:TRANSPARENT are free. Floating times and dates are read in the
// calendar's X-WR-TIMEZONE when it names an IANA zone, else in UTC.
// Summaries and every other detail of the events are ignored.
func icsBusy(ctx context.Context, data []byte, window schedule.Interval) ([]schedule.Interval, error) {
	if err := icsPrecheck(data); err != nil {
		return nil, err
	}
	cal, err := icsDecode(data)
	if err != nil {
		return nil, err
	}
	x := &icsExpander{ctx: ctx, window: window, floating: time.UTC, zones: map[string]*time.Location{}}
	if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil {
		if loc, err := x.zone(p.Value); err == nil {
			x.floating = loc
		}
	}
	// Group the VEVENTs of a series: the master and its overrides.
	type series struct {
		master    *ical.Component
		overrides []*ical.Component
	}
	byUID := map[string]*series{}
	var order []*series
	for i, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		uid := fmt.Sprintf("\x00%d", i) // events without UID stand alone
		if p := c.Props.Get(ical.PropUID); p != nil && p.Value != "" {
			uid = p.Value
		}
		s := byUID[uid]
		if s == nil {
			s = &series{}
			byUID[uid] = s
			order = append(order, s)
		}
		if c.Props.Get(ical.PropRecurrenceID) != nil {
			s.overrides = append(s.overrides, c)
		} else if s.master == nil {
			s.master = c
		}
	}
	for _, s := range order {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("expand events: %w", err)
		}
		moved := map[int64]bool{}
		for _, o := range s.overrides {
			rid, _, err := x.timeOf(o.Props.Get(ical.PropRecurrenceID))
			if err != nil {
				return nil, fmt.Errorf("RECURRENCE-ID: %w", err)
			}
			moved[rid.Unix()] = true
			if err := x.addSingle(o); err != nil {
				return nil, err
			}
		}
		if s.master != nil {
			if err := x.addSeries(s.master, moved); err != nil {
				return nil, err
			}
		}
	}
	return mergeIntervals(x.busy), nil
}

// icsDecode runs the go-ical decoder, turning its panics on malformed
// input into errors.
func icsDecode(data []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("decode iCalendar: malformed input: %v", r)
		}
	}()
	cal, err = ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, fmt.Errorf("decode iCalendar: %w", err)
	}
	return cal, nil
}

// icsPrecheck rejects input that the decoder would take too long or too
// deep a stack to read: long parameter sections (also when folded over
// many lines) and deep nesting.
func icsPrecheck(data []byte) error {
	depth := 0
	inParams, quoted, paramBytes := false, false, 0
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			line = line[1:] // a folded continuation of the logical line
		} else {
			inParams, quoted, paramBytes = true, false, 0
			switch {
			case hasPrefixFold(line, "BEGIN:"):
				if depth++; depth > icsMaxDepth {
					return errors.New("decode iCalendar: components nested too deeply")
				}
			case hasPrefixFold(line, "END:"):
				depth--
			}
		}
		for i := 0; inParams && i < len(line); i++ {
			switch c := line[i]; {
			case c == '"':
				quoted = !quoted
			case c == ':' && !quoted:
				inParams = false
			}
			if paramBytes++; paramBytes > icsMaxParamBytes {
				return errors.New("decode iCalendar: content line parameters too long")
			}
		}
	}
	return nil
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

// mergeIntervals sorts intervals and merges those that overlap or touch,
// dropping empty ones.
func mergeIntervals(in []schedule.Interval) []schedule.Interval {
	ivs := make([]schedule.Interval, 0, len(in))
	for _, iv := range in {
		if iv.End.After(iv.Start) {
			ivs = append(ivs, iv)
		}
	}
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].Start.Before(ivs[j].Start) })
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// clipIntervals returns the parts of sorted intervals inside window.
func clipIntervals(ivs []schedule.Interval, window schedule.Interval) []schedule.Interval {
	var out []schedule.Interval
	for _, iv := range ivs {
		if iv.Start.Before(window.Start) {
			iv.Start = window.Start
		}
		if iv.End.After(window.End) {
			iv.End = window.End
		}
		if iv.End.After(iv.Start) {
			out = append(out, iv)
		}
	}
	return out
}
