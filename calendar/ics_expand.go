package calendar

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/mentorship/checkins/schedule"
)

// icsExpander turns VEVENTs into busy intervals within a window.
type icsExpander struct {
	ctx      context.Context
	window   schedule.Interval
	floating *time.Location
	zones    map[string]*time.Location
	steps    int
	busy     []schedule.Interval
}

// windowsZone maps the Windows zone names that Outlook writes as TZID to
// IANA names; other names are returned unchanged.
func windowsZone(name string) string {
	switch name {
	case "Eastern Standard Time":
		return "America/New_York"
	case "Central Standard Time":
		return "America/Chicago"
	case "Mountain Standard Time":
		return "America/Denver"
	case "Pacific Standard Time":
		return "America/Los_Angeles"
	case "GMT Standard Time":
		return "Europe/London"
	case "W. Europe Standard Time":
		return "Europe/Berlin"
	case "Romance Standard Time":
		return "Europe/Paris"
	case "India Standard Time":
		return "Asia/Kolkata"
	case "Tokyo Standard Time":
		return "Asia/Tokyo"
	case "AUS Eastern Standard Time":
		return "Australia/Sydney"
	}
	return name
}

// zone resolves a TZID: an IANA name, an IANA name behind a path prefix
// ("/mozilla.org/20050126_1/America/New_York") or a common Windows name.
func (x *icsExpander) zone(tzid string) (*time.Location, error) {
	if loc, ok := x.zones[tzid]; ok {
		if loc == nil {
			return nil, fmt.Errorf("unknown time zone %q", tzid)
		}
		return loc, nil
	}
	var found *time.Location
	name := windowsZone(tzid)
	for name != "" && len(name) < 128 && name != "Local" {
		if loc, err := time.LoadLocation(name); err == nil {
			found = loc
			break
		}
		i := strings.IndexByte(name, '/')
		if i < 0 {
			break
		}
		name = name[i+1:]
	}
	x.zones[tzid] = found
	if found == nil {
		return nil, fmt.Errorf("unknown time zone %q", tzid)
	}
	return found, nil
}

// timeOf reads a DATE or DATE-TIME property; isDate reports a DATE.
func (x *icsExpander) timeOf(p *ical.Prop) (t time.Time, isDate bool, err error) {
	if p == nil {
		return time.Time{}, false, errors.New("missing date")
	}
	return x.parseTime(p, p.Value)
}

func (x *icsExpander) parseTime(p *ical.Prop, v string) (time.Time, bool, error) {
	vt := strings.ToUpper(p.Params.Get(ical.ParamValue))
	if vt == "DATE" || (vt == "" && len(v) == 8) {
		t, err := time.ParseInLocation("20060102", v, x.floating)
		return t, true, err
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.ParseInLocation("20060102T150405Z", v, time.UTC)
		return t, false, err
	}
	loc := x.floating
	if tzid := p.Params.Get(ical.PropTimezoneID); tzid != "" {
		l, err := x.zone(tzid)
		if err != nil {
			return time.Time{}, false, err
		}
		loc = l
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	return t, false, err
}

// timing returns an event's start and length, and whether it makes its
// owner busy at all.
func (x *icsExpander) timing(c *ical.Component) (start time.Time, length time.Duration, busy bool, err error) {
	start, isDate, err := x.timeOf(c.Props.Get(ical.PropDateTimeStart))
	if err != nil {
		return time.Time{}, 0, false, fmt.Errorf("DTSTART: %w", err)
	}
	switch {
	case c.Props.Get(ical.PropDateTimeEnd) != nil:
		end, _, err := x.timeOf(c.Props.Get(ical.PropDateTimeEnd))
		if err != nil {
			return time.Time{}, 0, false, fmt.Errorf("DTEND: %w", err)
		}
		length = end.Sub(start)
	case c.Props.Get(ical.PropDuration) != nil:
		p := *c.Props.Get(ical.PropDuration)
		p.Params = ical.Params{} // a VALUE parameter would confuse Duration
		length, err = p.Duration()
		if err != nil {
			return time.Time{}, 0, false, fmt.Errorf("DURATION: %w", err)
		}
	case isDate:
		length = 24 * time.Hour
	}
	status := ""
	if p := c.Props.Get(ical.PropStatus); p != nil {
		status = strings.ToUpper(p.Value)
	}
	transp := ""
	if p := c.Props.Get(ical.PropTransparency); p != nil {
		transp = strings.ToUpper(p.Value)
	}
	busy = length > 0 && status != "CANCELLED" && transp != "TRANSPARENT"
	return start, length, busy, nil
}

// add records one occurrence if it overlaps the window.
func (x *icsExpander) add(start time.Time, length time.Duration) {
	end := start.Add(length)
	if start.Before(x.window.End) && end.After(x.window.Start) {
		x.busy = append(x.busy, schedule.Interval{Start: start, End: end})
	}
}

// addSingle records a non-recurring event (or an override).
func (x *icsExpander) addSingle(c *ical.Component) error {
	start, length, busy, err := x.timing(c)
	if err != nil {
		return err
	}
	if busy {
		x.add(start, length)
	}
	return nil
}

// addSeries records the occurrences of a possibly recurring event, except
// those whose start (by Unix second) is in skip: they were moved or
// cancelled by an override.
func (x *icsExpander) addSeries(c *ical.Component, skip map[int64]bool) error {
	start, length, busy, err := x.timing(c)
	if err != nil {
		return err
	}
	if !busy {
		return nil
	}
	for _, p := range c.Props.Values(ical.PropExceptionDates) {
		if err := x.eachDate(p, func(t time.Time) { skip[t.Unix()] = true }); err != nil {
			return fmt.Errorf("EXDATE: %w", err)
		}
	}
	emit := func(t time.Time) {
		if !skip[t.Unix()] {
			skip[t.Unix()] = true // an occurrence counts once
			x.add(t, length)
		}
	}
	emit(start) // DTSTART is always the first occurrence (RFC 5545 3.8.5.3)
	for _, p := range c.Props.Values(ical.PropRecurrenceDates) {
		if err := x.eachDate(p, emit); err != nil {
			return fmt.Errorf("RDATE: %w", err)
		}
	}
	for _, p := range c.Props.Values(ical.PropRecurrenceRule) {
		if err := x.expandRule(p.Value, start, length, emit); err != nil {
			return fmt.Errorf("RRULE: %w", err)
		}
	}
	return nil
}

// eachDate calls fn with every date of a (comma-separated) date list; a
// PERIOD counts by its start.
func (x *icsExpander) eachDate(p ical.Prop, fn func(time.Time)) error {
	for _, v := range strings.Split(p.Value, ",") {
		if i := strings.IndexByte(v, '/'); i >= 0 {
			v = v[:i]
		}
		q := p
		if strings.EqualFold(q.Params.Get(ical.ParamValue), "PERIOD") {
			q.Params = ical.Params{ical.PropTimezoneID: q.Params.Values(ical.PropTimezoneID)}
		}
		t, _, err := x.parseTime(&q, v)
		if err != nil {
			return err
		}
		fn(t)
	}
	return nil
}

// expandRule calls emit with the occurrences of an RRULE that can overlap
// the window, within the work budget. Rules finer than DAILY are refused:
// no real meeting uses them and the rrule library can loop forever on
// some of them.
func (x *icsExpander) expandRule(rule string, start time.Time, length time.Duration, emit func(time.Time)) error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	opt, err := rrule.StrToROption(rule)
	if err != nil {
		return err
	}
	if opt.Freq > rrule.DAILY {
		return fmt.Errorf("unsupported frequency %v", opt.Freq)
	}
	if y := start.Year(); y < icsMinYear || y > icsMaxYear {
		return fmt.Errorf("DTSTART year %d out of range", y)
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return err
	}
	next := r.Iterator()
	for {
		if x.steps++; x.steps > icsMaxSteps {
			return errICSBudget
		}
		if x.steps%1024 == 0 && x.ctx.Err() != nil {
			return x.ctx.Err()
		}
		t, ok := next()
		if !ok || !t.Before(x.window.End) {
			return nil
		}
		if t.Add(length).After(x.window.Start) {
			emit(t)
		}
	}
}
