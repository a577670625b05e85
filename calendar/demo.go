package calendar

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// Calendar ids of the bundled demo calendars.
const (
	// DemoMentorCalendar is a senior leader in America/New_York with a
	// week of recurring meetings.
	DemoMentorCalendar = "demo-mentor@example.com"
	// DemoMenteeCalendar is an engineer in Europe/London.
	DemoMenteeCalendar = "demo-mentee@example.com"
)

//go:embed demo/*.ics
var demoFiles embed.FS

// demoFile names the embedded file of a demo calendar id.
func demoFile(id string) (string, bool) {
	switch id {
	case DemoMentorCalendar:
		return "demo/mentor.ics", true
	case DemoMenteeCalendar:
		return "demo/mentee.ics", true
	}
	return "", false
}

// Demo is a Provider over the bundled iCalendar files, so that the
// service shows real-looking availability with no configuration. Its
// meetings recur weekly without end, so every future week looks alike.
type Demo struct {
	now func() time.Time
}

var _ Provider = (*Demo)(nil)

// NewDemo returns the demo provider; now stamps Busy.FetchedAt.
func NewDemo(now func() time.Time) *Demo { return &Demo{now: now} }

// FreeBusy answers from the bundled calendars. An unknown id gets a
// Busy.Err wrapping checkins.ErrCalendarNotFound.
func (d *Demo) FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("demo free/busy: %w: %w", checkins.ErrUnavailable, err)
	}
	out := make(map[string]Busy, len(calendarIDs))
	for _, id := range calendarIDs {
		now := d.now()
		name, ok := demoFile(id)
		if !ok {
			out[id] = Busy{FetchedAt: now, Err: &checkins.CalendarError{CalendarID: id, Reason: "notFound",
				Err: fmt.Errorf("%w: not a demo calendar", checkins.ErrCalendarNotFound)}}
			continue
		}
		data, err := demoFiles.ReadFile(name)
		if err != nil {
			out[id] = Busy{FetchedAt: now, Err: &checkins.CalendarError{CalendarID: id, Reason: "internalError",
				Err: fmt.Errorf("%w: read %s: %w", checkins.ErrUnavailable, name, err)}}
			continue
		}
		out[id] = busyFromICS(ctx, id, data, window, now)
	}
	return out, nil
}
